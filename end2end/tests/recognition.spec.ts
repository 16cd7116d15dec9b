import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

// A participant on a phone reads their badges and the thanks their partner sent, shows that
// thank-you to colleagues, and thanks the partner back.
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
