import { expect, test, type Page } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

const DEMO_PASSWORD = "tandem-demo-2026";
// The demo participant: in a running peer program, paired, with a goal board.
const ANA = "ana.lopez@northwind.example";

/** Creates a metric goal through the form, naming one mistake first; returns its page URL. */
async function createGoal(page: Page, title: string): Promise<string> {
  await page.goto("/goals");
  await hydrated(page);
  await page.getByRole("link", { name: "New goal" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New goal" })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("Goal", { exact: true }).fill(title);
  await page.getByLabel("Why it matters").fill("So my team hears what we shipped.");
  await page.getByLabel("A number to reach").check();
  await page.getByLabel("Unit").fill("talks");
  await page.getByLabel("Baseline").fill("3");
  await page.getByLabel("Target").fill("1");
  await page.getByLabel("Higher is better").check();
  await page.getByRole("button", { name: "Create goal" }).click();
  await expect(page.locator("#f-input-target-error")).toHaveText(
    "Higher is better, so the target must be above the baseline (3).",
  );
  await page.getByLabel("Baseline").fill("0");
  await page.getByLabel("Target").fill("5");
  await page.getByRole("button", { name: "Create goal" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  return new URL(page.url()).pathname;
}

async function checkIn(page: Page, value: string, confidence: string): Promise<void> {
  await hydrated(page);
  await page.getByLabel("Where are you now? (talks)").fill(value);
  await page.getByLabel("How confident are you of reaching it?").selectOption(confidence);
  await page.getByLabel("Note").fill(`Up to ${value}`);
  await page.getByRole("button", { name: "Save check-in" }).click();
  await expect(page.getByRole("cell", { name: `${value} talks`, exact: true })).toBeVisible();
}

function column(page: Page, status: string) {
  return page.locator(`section.board-column[data-status="${status}"]`);
}

// Desktop drags the goal to Achieved; a phone uses the goal's move menu.
test("a metric goal is created, checked in twice, charted, and moved to Achieved", async ({ page }, testInfo) => {
  const title = `Give lightning talks ${testInfo.project.name} ${Date.now()}`;
  await signIn(page, ANA, DEMO_PASSWORD);
  const goalUrl = await createGoal(page, title);

  await expect(page.getByText("The chart appears after the first check-in.")).toBeVisible();
  await checkIn(page, "2", "3");
  await checkIn(page, "4", "4");
  await expect(page.getByText("80% · 4 talks, target 5")).toBeVisible();
  const chart = page.getByRole("img", { name: /^Chart of Give lightning talks/ });
  await expect(chart).toHaveAttribute("aria-label", new RegExp("2 check-ins, latest 4 talks, target 5 talks"));
  await expect(chart.locator("circle.dot")).toHaveCount(2);
  await expect(chart.locator("line.target")).toHaveCount(1);
  const box = await chart.boundingBox();
  expect(box!.width).toBeGreaterThan(250);
  // Its labels stay readable however far the chart is scaled down (at least 11 px tall).
  for (const label of await chart.locator("text").all()) {
    expect((await label.boundingBox())!.height).toBeGreaterThanOrEqual(11);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);

  await page.goto("/goals");
  await hydrated(page);
  const card = page.locator(".goal-card", { hasText: title });
  await expect(column(page, "in_progress").locator(".goal-card", { hasText: title })).toBeVisible();
  if (testInfo.project.name === "desktop") {
    // A tall window keeps both ends of the drag in view: a drag that has to scroll would
    // start over whichever card the scroll brought under the pointer.
    await page.setViewportSize({ width: 1280, height: 1600 });
    await card.dragTo(column(page, "achieved").locator("h2"));
  } else {
    await card.getByLabel(`Move “${title}” to`).selectOption("achieved");
    await card.getByRole("button", { name: "Move", exact: true }).click();
  }
  await expect(column(page, "achieved").locator(".goal-card", { hasText: title })).toBeVisible();
  await expect(column(page, "in_progress").locator(".goal-card", { hasText: title })).toHaveCount(0);
  // The move was saved, not only drawn.
  await page.goto(goalUrl);
  await expect(page.locator(".goal-page")).toContainText("Achieved");
  await page.goto("/goals");
  await expect(column(page, "achieved").locator(".goal-card", { hasText: title })).toBeVisible();
});
