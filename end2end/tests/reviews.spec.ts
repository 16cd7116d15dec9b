import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

// A participant on a phone answers her manager's request for her mentoring record: she
// picks what to share and for how long, sees the agreement she can withdraw, and downloads
// her own record.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const ANA = "ana.lopez@northwind.example";
const DEMO_PASSWORD = "tandem-demo-2026";

test("a participant agrees to share her record with her manager, then downloads it herself", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "a phone story");
  await signIn(page, ANA, DEMO_PASSWORD);
  await page.goto("/profile");
  await page.getByRole("link", { name: "Your mentoring record for reviews, and who may read it" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mentoring record" })).toBeVisible();
  await hydrated(page);

  // The demo's manager asked two days ago; nothing is shared until she answers.
  const request = page.locator("#requests .consent-request").first();
  await expect(request).toContainText("asked for your record on");
  await expect(page.locator("#readers")).toContainText("Nobody");
  // Sharing nothing is refused, with the reason.
  for (const part of ["Programs, roles, sessions and hours", "Badges", "Certificates"]) {
    await request.getByLabel(part).uncheck();
  }
  await request.getByRole("button", { name: "Agree to share" }).click();
  await expect(request.getByText("Choose at least one part of your record to share.")).toBeVisible();
  await request.getByLabel("Programs, roles, sessions and hours").check();
  await request.getByLabel("For how long").selectOption({ label: "One week" });
  await request.getByRole("button", { name: "Agree to share" }).click();
  await expect(page.getByText("Agreed. Your manager can read the parts you chose until the agreement ends.")).toBeVisible();
  const reader = page.locator("#readers .consent").first();
  await expect(reader).toContainText("Agreed until");
  await expect(reader).toContainText("Parts: programs and sessions");
  await expect(reader.getByRole("button", { name: /^Withdraw/ })).toBeVisible();

  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Her own copy, as JSON: the download is logged where she reads every export.
  const own = await page.request.get("/reviews/record?programs=on&format=json");
  expect(own.status()).toBe(200);
  expect((await own.json()).person).toBe("Ana Lopez");
  await page.reload();
  await expect(page.locator("#exports")).toContainText("JSON");
});
