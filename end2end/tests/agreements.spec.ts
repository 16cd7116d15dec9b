import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

const DEMO_PASSWORD = "tandem-demo-2026";
// The demo participant, paired in the running peer program.
const ANA = "ana.lopez@northwind.example";

// On a phone, a pair agrees how often they meet: Ana drafts from the program's template,
// changes the cadence and confirms; her partner confirms on their own phone; both see it agreed.
test("a pair agrees on their cadence from their phones", async ({ page, browser }) => {
  await signIn(page, ANA, DEMO_PASSWORD);
  await page.getByRole("link", { name: "Pair page: Peer Pairs · Winter cohort" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My pair" })).toBeVisible();
  await hydrated(page);
  const partnerEmail = (await page.locator(".partner a[href^='mailto:']").first().textContent())!.trim();
  const card = page.locator(".agreement-summary").first();
  await expect(card).toContainText("Not started");
  await card.getByRole("link", { name: "Start our agreement" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Our agreement" })).toBeVisible();
  await hydrated(page);

  // A bad length is named next to its field, and nothing is saved.
  await page.getByLabel("How often we meet").selectOption("weekly");
  await page.getByLabel("How long a session lasts (minutes)").fill("5");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator(".field-error").filter({ hasText: "15 to 180" })).toBeVisible();
  await page.getByLabel("How long a session lasts (minutes)").fill("30");
  await page.getByLabel("What I want from this partnership").fill("Practise giving feedback");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.getByRole("button", { name: "Confirm this agreement" }).click();
  await expect(page.getByText(/You confirmed this version\. Waiting for /)).toBeVisible();
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);

  // The partner reads what Ana wants and confirms.
  const other = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const partner = await other.newPage();
  await signIn(partner, partnerEmail, DEMO_PASSWORD);
  await partner.getByRole("link", { name: "Pair page: Peer Pairs · Winter cohort" }).click();
  await hydrated(partner);
  const theirs = partner.locator(".agreement-summary").first();
  await expect(theirs).toContainText("It waits for you to confirm.");
  await theirs.getByRole("link", { name: "Read and confirm" }).click();
  await hydrated(partner);
  await expect(partner.getByText("Practise giving feedback")).toBeVisible();
  await expect(partner.getByLabel("How often we meet")).toHaveValue("weekly");
  await partner.getByRole("button", { name: "Confirm this agreement" }).click();
  await expect(partner.getByText(/You both confirmed this on /)).toBeVisible();
  await other.close();

  // Ana's pair page shows the agreed rhythm.
  await page.goto(page.url().replace(/\/agreement\/\d+.*$/, "/pair"));
  await hydrated(page);
  await expect(page.locator(".agreement-summary").first()).toContainText("Every week, 30 minutes");
});
