import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { hydrated, lastMailTo, signIn } from "./helpers";

const DEMO_PASSWORD = "tandem-demo-2026";
// A mentee of the demo's mentoring program where mentees choose their mentor.
const MENTEE = "nia.costa@northwind.example";

/** A demo person's address from their name, as the demo makes them. */
function emailOf(name: string): string {
  return `${name.toLowerCase().replace(/é/g, "e").replace(/ /g, ".")}@northwind.example`;
}

// On a phone, a mentee finds a mentor, best fit first with why, and asks; the mentor accepts
// from the email's link; the mentee's pair page then shows their mentor.
test("a mentee finds and asks a mentor, and the mentor accepts", async ({ page, browser }) => {
  await signIn(page, MENTEE, DEMO_PASSWORD);
  await page.goto("/programs");
  await page.getByRole("link", { name: "Mentoring · Choose your mentor" }).click();
  await hydrated(page);
  await page.getByRole("link", { name: /^Mentors: find one/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mentors" })).toBeVisible();
  await hydrated(page);
  const cards = page.locator(".mentor-card");
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThan(1);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  // Nothing overflows the phone's width.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // The filter narrows the list to one mentor (one no other story pairs with anyone).
  const mentor = "Victor Nguyen";
  await page.getByLabel("Skill, name or team").fill(mentor);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(cards).toHaveCount(1);
  await hydrated(page);

  const card = cards.first();
  await card.getByText(`Ask ${mentor}`).click();
  await card.getByLabel("A note (optional)").fill("I would like to grow as a first-time lead.");
  await card.getByRole("button", { name: "Send the request" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your request is sent." })).toBeVisible();
  await expect(page.locator("#mine")).toContainText(mentor);
  await expect(page.locator("#mine")).toContainText("Waiting for an answer");

  // The mentor follows the email's link on their phone and accepts.
  const mail = await lastMailTo(emailOf(mentor), "asks you to be their mentor");
  expect(mail).toContain("I would like to grow as a first-time lead.");
  const link = mail.match(/https?:\/\/[^\s"<>]*\/mentors#requests/)![0];
  const other = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const theirs = await other.newPage();
  await signIn(theirs, emailOf(mentor), DEMO_PASSWORD);
  await theirs.goto(new URL(link).pathname);
  await hydrated(theirs);
  const request = theirs.locator(".mentor-request", { hasText: "Nia Costa" });
  await expect(request).toContainText("I would like to grow as a first-time lead.");
  await request.getByRole("button", { name: "Accept Nia Costa" }).click();
  await expect(theirs.getByRole("status").filter({ hasText: "Accepted" })).toBeVisible();
  await other.close();

  // Nia's request reads accepted, and her pair page shows her mentor.
  await page.reload();
  await hydrated(page);
  await expect(page.locator("#mine")).toContainText("Accepted");
  await page.goto(page.url().replace(/\/mentors.*$/, "/pair"));
  await hydrated(page);
  await expect(page.locator(".partner-name").first()).toContainText(mentor);
});
