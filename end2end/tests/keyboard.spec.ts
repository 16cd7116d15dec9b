import { expect, test } from "@playwright/test";
import { hydrated } from "./helpers";

// Desktop only (phones have no Tab key): see playwright.config.ts.
test("keyboard users can skip to the content and see where focus is", async ({ page }) => {
  await page.goto("/sign-in");
  await hydrated(page);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe("solid");
});
