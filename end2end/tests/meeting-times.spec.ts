import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

const DEMO_PASSWORD = "tandem-demo-2026";
const ANA = "ana.lopez@northwind.example";

// On a phone: Ana says when she is free, a mistake is named, and she proposes one of the
// times that suit her and her partner in a tap.
test("a person sets when they are free and the pair picks a suggested time", async ({ page }) => {
  await signIn(page, ANA, DEMO_PASSWORD);
  await page.goto("/profile");
  await page.getByRole("link", { name: "When you are free for sessions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "When you are free" })).toBeVisible();
  await hydrated(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.getByLabel("Monday").fill("9-12");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText('"9" is not a time.', { exact: false })).toBeVisible();

  for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]) {
    await page.getByLabel(day).fill("07:00-22:00");
  }
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Wednesday")).toHaveValue("07:00-22:00");

  // The pair page offers three times; Ana picks the second and proposes it where they met.
  await page.goto("/");
  await page.getByRole("link", { name: "Pair page: Peer Pairs · Winter cohort" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My pair" })).toBeVisible();
  await hydrated(page);
  const times = page.locator(".suggested-times").first();
  if (!(await times.getAttribute("open"))) await times.locator("summary").click();
  const choices = times.getByRole("radio");
  await expect(choices).toHaveCount(3);
  await expect(times).toContainText("not said when they are free yet");
  const second = times.locator("label.time-choice").nth(1);
  const when = (await second.locator("strong").textContent())!.trim();
  await second.click();
  await expect(choices.nth(1)).toBeChecked();
  await times.getByLabel("Place").fill("Café by the river");
  await times.getByRole("button", { name: "Propose this time" }).click();
  const proposed = page.locator(".session", { hasText: when });
  await expect(proposed).toContainText("Proposed by you");
  await expect(proposed).toContainText("Café by the river");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
