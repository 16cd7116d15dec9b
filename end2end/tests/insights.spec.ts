import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { ADMIN, hydrated, signIn } from "./helpers";

// An HR admin on a phone reads a program's insights: the funnel as a chart with its table,
// small groups hidden, and the same figures downloaded as CSV.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test("an admin reads a program's insights on a phone and downloads the figures", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "a phone story");
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/insights");
  await expect(page.getByRole("heading", { level: 1, name: "The whole organisation" })).toBeVisible();
  await hydrated(page);

  await page.getByLabel("Program", { exact: true }).selectOption({ label: "Peer Pairs · Winter cohort" });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Peer Pairs · Winter cohort" })).toBeVisible();
  await expect(page).toHaveURL(/program=\d+/);

  // The funnel: twelve matched, ten met (the demo's last pair has not met yet).
  const funnel = page.locator("#t-funnel");
  await expect(funnel.getByRole("img", { name: /People at each step/ })).toBeVisible();
  const row = (name: string) => funnel.getByRole("row", { name: new RegExp(`^${name}`) });
  await expect(row("Matched")).toContainText("12");
  await expect(row("Met at least once")).toContainText("10");
  // One pair never met: two people, so hidden, with the pairs that met hidden behind the total.
  await expect(page.locator("#t-groups_met").getByRole("row", { name: /^Never met/ })).toContainText("hidden");

  // Fits the phone, and nothing serious for a screen reader.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // The CSV holds exactly what the page shows.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download these figures (CSV)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^tandem-insights-program-\d+-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.split("\n")[0]).toBe("period,section,table,row,column,figure");
  expect(csv).toContain("From enrollment to meeting,People at each step,Matched,People,12");
  expect(csv).toContain("Groups that met,Never met,Groups,hidden");
});
