import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

const DEMO_PASSWORD = "tandem-demo-2026";

// The demo's mentoring program is running and waits for its first round: the coordinator
// drafts it, inspects a pair, keeps it together, re-runs and publishes; the pair's mentee sees
// the match card on a phone.
test("a program admin drafts, adjusts and publishes a round; a participant sees the match card", async ({ browser }) => {
  const admin = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(admin, "coordinator@northwind.example", DEMO_PASSWORD);
  await admin.goto("/programs");
  await admin.getByRole("link", { name: "Mentoring · Autumn cohort" }).click();
  await admin.getByRole("link", { name: "Matching", exact: true }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Matching" })).toBeVisible();
  await hydrated(admin);

  await admin.getByRole("button", { name: "Draft the next round" }).click();
  await expect(admin.getByText("The round has been drafted.")).toBeVisible();
  await expect(admin.getByRole("heading", { name: "Round 1 · draft" })).toBeVisible();
  await expect(admin.getByRole("row", { name: /Repeat pairs/ })).toContainText("0");
  await expect(admin.getByText(/the best possible under the rules/)).toBeVisible();

  // Every group says why; the score's parts are one click away.
  const groups = admin.getByRole("list", { name: "Groups" }).getByRole("listitem").filter({ has: admin.locator("h3") });
  const first = groups.first();
  const names = (await first.locator("h3").textContent()) ?? "";
  await first.getByText("How the score adds up").click();
  await expect(first.locator(".score-parts dl")).toContainText("Level");

  await first.getByRole("button", { name: "Keep together" }).click();
  await expect(admin.getByText("Your change is in and the round was re-run around it.")).toBeVisible();
  const kept = admin.getByRole("listitem", { name: names });
  await expect(kept.getByText("Kept together")).toBeVisible();
  await expect(admin.getByRole("region", { name: "Your adjustments" })).toContainText("kept together");

  // A move across a manager line is refused with the rule named, and changes nothing:
  // Ben Haddad leads the engineers Dev Rossi belongs to.
  await admin.getByText("Move someone").click();
  await admin.getByLabel("Move", { exact: true }).selectOption({ label: "Dev Rossi" });
  await admin.getByLabel("Next to").selectOption({ label: "Ben Haddad" });
  await admin.getByRole("button", { name: "Move and re-run" }).click();
  await expect(admin.getByText(/cannot be kept together: one of them is in the other's manager line/)).toBeVisible();
  await expect(admin.getByRole("region", { name: "Your adjustments" }).getByRole("listitem")).toHaveCount(1);

  // Moving someone keeps them next to a chosen partner: here the mentee of another group
  // next to its mentor, a pair the rules allow.
  const [otherMentor, otherMentee] = ((await groups.nth(1).locator("h3").textContent()) ?? "").split(" & ");
  await admin.getByLabel("Move", { exact: true }).selectOption({ label: otherMentee });
  await admin.getByLabel("Next to").selectOption({ label: otherMentor });
  await admin.getByRole("button", { name: "Move and re-run" }).click();
  await expect(admin.getByRole("region", { name: "Your adjustments" }).getByRole("listitem")).toHaveCount(2);

  await admin.getByRole("button", { name: "Re-run the draft" }).click();
  await expect(admin.getByText("The round has been drafted.")).toBeVisible();
  await expect(admin.getByRole("listitem", { name: names }).getByText("Kept together")).toBeVisible();

  await admin.getByRole("button", { name: "Publish this round" }).click();
  await expect(admin.getByText("The round is published and everyone matched has been emailed.")).toBeVisible();
  await expect(admin.getByRole("heading", { name: "Round 1 · published" })).toBeVisible();

  // The mentee of the pair kept together, on a phone, sees who and why on the dashboard.
  const [mentor, mentee] = names.split(" & ");
  const email = `${mentee.toLowerCase().replace(/é/g, "e").replace(/ /g, ".").replace(/[^a-z0-9.]/g, "")}@northwind.example`;
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const menteePage = await phone.newPage();
  await signIn(menteePage, email, DEMO_PASSWORD);
  // Some demo people are also matched in the running peer program; this is the mentoring card.
  const card = menteePage.locator(".match-card", { hasText: "Mentoring · Autumn cohort · round 1" });
  await expect(card).toBeVisible();
  await expect(card.getByRole("heading", { name: "Your match" })).toBeVisible();
  await expect(card.locator(".partner")).toContainText(mentor);
  await expect(card.locator(".partner")).toContainText("Mentor");
  // The card says why, in the engine's own words.
  await expect(card.getByRole("heading", { name: "Why you were matched" })).toBeVisible();
  await expect(card.locator(".reasons li").first()).not.toBeEmpty();
  await expect(card.getByRole("heading", { name: "A first agenda" })).toBeVisible();
  await expect(card.locator(".agenda li").first()).toContainText("Introduce yourselves");
  expect(await menteePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await phone.close();
});
