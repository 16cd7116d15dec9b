import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

// A participant on a phone reads their badges and the thanks their partner sent, shows that
// thank-you to colleagues, and thanks the partner back; then gets a certificate that anyone
// can check.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const ANA = "ana.lopez@northwind.example";
const DEMO_PASSWORD = "tandem-demo-2026";

test("a participant reads their badges, shows a thank-you and thanks their partner", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "a phone story");
  await signIn(page, ANA, DEMO_PASSWORD);
  await page.goto("/profile");
  await page.getByRole("link", { name: "Your badges, and thanks given and received" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Recognition" })).toBeVisible();
  await hydrated(page);

  // The demo's held session earned a badge, which says why (other stories may have added
  // sessions of their own by now).
  const badges = page.locator(".badge-list");
  await expect(badges).toContainText("First session");
  await expect(badges).toContainText(/Held \d+ sessions? with partners\./);

  // The partner's thanks: only the two of them read it until Ana shows it.
  const received = page.locator("#received .kudos", { hasText: "Your dry runs made Friday's demo easy" });
  await expect(received).toContainText("Only the two of you");
  await received.getByRole("button", { name: /^Show to colleagues \(the thanks from .+\)$/ }).click();
  await expect(page.getByText("Colleagues can now read this thank-you on your page.")).toBeVisible();
  await expect(page.locator("#received .kudos").first()).toContainText("Shown to colleagues");

  // Thanking back: a missing note is named beside its field, then the thanks goes.
  const form = page.locator("#thank");
  await form.getByLabel("For").selectOption({ label: "Candour" });
  await form.getByRole("button", { name: "Send thanks" }).click();
  await expect(form.getByText("Say what they did: a sentence is enough.")).toBeVisible();
  const note = `Honest notes on my demo, ${Date.now()}`;
  await form.getByLabel(/What they did/).fill(note);
  await form.getByRole("button", { name: "Send thanks" }).click();
  await expect(page.getByText("Thank you sent. They can read it on their recognition page.")).toBeVisible();
  await expect(page.locator("#given .kudos", { hasText: note })).toContainText("Candour");

  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test("a participant gets a certificate that a stranger can verify", async ({ page, browser }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "a phone story");
  await signIn(page, ANA, DEMO_PASSWORD);
  await page.goto("/recognition");
  await hydrated(page);

  // The demo's held session makes a certificate available; asking opens its page.
  const certificates = page.locator("#certificates");
  await expect(certificates).toContainText(/\d+ sessions?, /);
  await certificates.getByRole("button", { name: /^Get the certificate for .+ as a (peer|mentor|mentee)$/ }).first().click();
  await expect(page).toHaveURL(/\/certificates\/[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Ana Lopez" })).toBeVisible();
  await expect(page.getByText("Genuine.")).toBeVisible();
  const download = page.getByRole("link", { name: "Download the PDF" });
  const pdf = await page.request.get((await download.getAttribute("href")) ?? "");
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Someone who is not signed in, given the address, reads the same.
  const stranger = await browser.newContext();
  const theirs = await stranger.newPage();
  await theirs.goto(page.url());
  await expect(theirs.getByText("Genuine.")).toBeVisible();
  await expect(theirs.locator(".facts")).toContainText("Sessions held");
  await stranger.close();
});
