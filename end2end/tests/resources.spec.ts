import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

const DEMO_PASSWORD = "tandem-demo-2026";
// The demo participant: in a running peer program, with goals.
const ANA = "ana.lopez@northwind.example";

test("search the resource hub as you type, open a guide and bookmark it", async ({ page }, info) => {
  // Each project bookmarks its own guide, so the two can run side by side.
  const [typed, title] =
    info.project.name === "phone"
      ? ["feedb", "Giving and receiving feedback"]
      : ["expect", "What mentors and mentees can expect of each other"];
  await signIn(page, ANA, DEMO_PASSWORD);
  if (info.project.name === "phone") {
    await page.getByRole("navigation", { name: "Main (mobile)" }).getByRole("link", { name: "Resources" }).click();
  } else {
    await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Resources" }).click();
  }
  await expect(page.getByRole("heading", { level: 1, name: "Resources" })).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole("list", { name: "Recommended for you" })).toBeVisible();

  // No button press: the results follow the typing, with the words found highlighted.
  await page.getByLabel("Search resources").pressSequentially(typed, { delay: 40 });
  const results = page.getByRole("list", { name: "Search results" });
  await expect(results.getByRole("link").first()).toHaveText(title);
  await expect(page).toHaveURL(new RegExp(`q=${typed}`));
  await expect(page.getByRole("status").filter({ hasText: /resources? found/ })).toBeVisible();
  await expect(results.locator("mark").first()).toBeVisible();

  await results.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await hydrated(page);
  await page.getByRole("button", { name: "☆ Bookmark" }).click();
  await expect(page.getByRole("button", { name: "★ Bookmarked" })).toHaveAttribute("aria-pressed", "true");

  await page.goto("/resources");
  await expect(page.getByRole("list", { name: "Your bookmarks" }).getByRole("link", { name: title })).toBeVisible();
  // On a phone nothing scrolls sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // Take it back, so the story can run again.
  await page.getByRole("list", { name: "Your bookmarks" }).getByRole("link", { name: title }).click();
  await hydrated(page);
  await page.getByRole("button", { name: "★ Bookmarked" }).click();
  await expect(page.getByRole("button", { name: "☆ Bookmark" })).toBeVisible();
});

test("a goal template puts a goal on my board in one press", async ({ page }, info) => {
  const category = info.project.name === "phone" ? "Career" : "Project";
  await signIn(page, ANA, DEMO_PASSWORD);
  await page.goto("/resources?kind=goal_template");
  await hydrated(page);
  await page.getByRole("link", { name: `SMART goal template: ${category}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `SMART goal template: ${category}` })).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "The goal it creates" })).toBeVisible();
  const program = page.getByLabel("Program");
  if (await program.count()) await program.selectOption({ label: "Peer Pairs · Winter cohort" });
  await page.getByRole("button", { name: "Add to my goals" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Change goal" })).toBeVisible();
  await expect(page.getByText("The template is on your board")).toBeVisible();
  const title = `${category} goal from a template ${Date.now()}`;
  await hydrated(page);
  await page.getByLabel("Goal", { exact: true }).fill(title);
  await page.getByRole("button", { name: /Save/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  // It is on the board, planned.
  await page.goto("/goals");
  const tab = page.getByRole("navigation", { name: "Programs" }).getByRole("link", { name: "Peer Pairs · Winter cohort" });
  if (await tab.count()) await tab.click();
  await expect(page.locator('[data-status="planned"]').getByRole("link", { name: title })).toBeVisible();
});
