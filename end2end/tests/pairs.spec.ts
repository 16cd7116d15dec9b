import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

const DEMO_PASSWORD = "tandem-demo-2026";
// The demo participant: in a running peer program, paired, with sessions to record and answer.
const ANA = "ana.lopez@northwind.example";

// One pair, one story: it runs on desktop (the demo's sessions can be recorded once), while
// the phone project runs the goal story.
test("a pair records a session as held, proposes the next one, and the partner accepts it", async ({ page, browser }) => {
  await signIn(page, ANA, DEMO_PASSWORD);
  await page.getByRole("link", { name: "Pair page: Peer Pairs · Winter cohort" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My pair" })).toBeVisible();
  await hydrated(page);
  const partnerEmail = (await page.locator(".partner a[href^='mailto:']").first().textContent())!.trim();
  await expect(page.getByRole("heading", { name: /^Goals .* shares$/ })).toBeVisible();
  await expect(page.locator(".pair .goal-card")).toContainText("Lead design reviews");

  // Ana comments on her partner's shared goal from the pair page; the goal's page lists it.
  const shared = page.locator(".pair .goal-card", { hasText: "Lead design reviews" });
  const remark = `You led a great review on Tuesday ${Date.now()}`;
  await shared.getByText("Comment on “Lead design reviews”").click();
  await shared.getByLabel("Your comment").fill(remark);
  await shared.getByRole("button", { name: "Send comment" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Comment sent." })).toBeVisible();
  await hydrated(page);

  // The session two days ago asks "did you meet?".
  const pending = page.locator(".session", { hasText: "Did you meet?" });
  await pending.getByLabel("Notes for both of you").fill("Went through the demo slides.");
  await pending.getByRole("button", { name: "Yes, we met" }).click();
  const held = page.locator(".session", { hasText: "Went through the demo slides." });
  await expect(held.getByText("Held", { exact: true })).toBeVisible();
  await held.getByLabel("How useful was the session?").selectOption("4");
  await held.getByRole("button", { name: "Save feedback" }).click();
  await expect(held.getByText("Your private feedback (saved)")).toBeVisible();

  // Ana proposes the next session; the end before the start is named first.
  const agendaItem = `Plan the next demo ${Date.now()}`;
  const nextWeek = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10);
  await page.getByText("Propose another session").click();
  const form = page.locator("details.propose[open]").last();
  await form.getByLabel("Date").fill(nextWeek);
  await form.getByLabel("Starts").fill("10:00");
  await form.getByLabel("Ends").fill("09:30");
  await form.getByLabel("Place").fill("Meeting room Tagus");
  await form.getByLabel(/Which goal matters most this month/).check();
  await form.getByLabel("Agenda").fill(agendaItem);
  await form.getByRole("button", { name: "Propose session" }).click();
  await expect(form.locator(".field-error")).toHaveText("The session must end after it starts.");
  await form.getByLabel("Ends").fill("10:45");
  await form.getByRole("button", { name: "Propose session" }).click();
  const proposed = page.locator(".session", { hasText: agendaItem });
  await expect(proposed).toContainText("Proposed by you");
  await expect(proposed).toContainText("10:00–10:45");

  // The partner accepts on their own pair page and can add it to their calendar.
  const other = await browser.newContext();
  const partner = await other.newPage();
  await signIn(partner, partnerEmail, DEMO_PASSWORD);
  await partner.getByRole("link", { name: "Pair page: Peer Pairs · Winter cohort" }).click();
  await hydrated(partner);
  const theirs = partner.locator(".session", { hasText: agendaItem });
  await expect(theirs).toContainText(/Ana L.pez proposed this/);
  await theirs.getByRole("button", { name: "Accept" }).click();
  await expect(theirs.getByText("Accepted", { exact: true })).toBeVisible();
  const ics = await theirs.getByRole("link", { name: "Add to calendar (.ics)" }).getAttribute("href");
  const file = await partner.request.get(ics!);
  expect(file.headers()["content-type"]).toContain("text/calendar");
  const text = await file.text();
  expect(text).toContain("SUMMARY:Mentoring session with Ana");
  expect(text).toContain("BEGIN:VTIMEZONE");
  await other.close();

  await page.reload();
  await expect(page.locator(".session", { hasText: agendaItem }).getByText("Accepted", { exact: true })).toBeVisible();

  await page.locator(".pair .goal-card").getByRole("link", { name: "Lead design reviews" }).click();
  await expect(page.locator("#comments")).toContainText(remark);
});
