import { expect, test } from "@playwright/test";
import { ADMIN, hydrated, lastMailTo, rsvpLinkInLastMailTo, signIn, signUp, uniqueEmail } from "./helpers";

test("an organiser's two seats fill, the third person waits, and gets the seat someone gives back", async ({ page, browser }, testInfo) => {
  const tag = `${testInfo.project.name}${Date.now()}`;
  const title = `Mentor Connect ${tag}`;
  const nextWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

  // The organiser plans an event with two seats; a mistake is named first.
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/events/new");
  await hydrated(page);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Kind").selectOption("mentor_connect");
  await page.getByLabel("Date").fill(nextWeek);
  await page.getByLabel("Starts").fill("09:00");
  await page.getByLabel("Ends").fill("08:30");
  await page.getByLabel("Place").fill("Lisbon office, 3rd floor");
  await page.getByLabel("Seats").fill("2");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.locator("#f-input-end_time-error")).toHaveText("The event must end after it starts.");
  await page.getByLabel("Ends").fill("10:00");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("0 of 2 seats taken")).toBeVisible();
  const eventUrl = new URL(page.url()).pathname;

  // Two colleagues take the seats from the event page.
  const people = [];
  for (const name of ["Ana", "Bo"]) {
    const context = await browser.newContext();
    const p = await context.newPage();
    const email = uniqueEmail(`${name.toLowerCase()}-${testInfo.project.name}`);
    await signUp(p, `${name} ${tag}`, email);
    await p.goto(eventUrl);
    await hydrated(p);
    await p.getByRole("button", { name: "I'm going" }).click();
    await expect(p.getByRole("status")).toHaveText("You are going.");
    // The answer given shows as chosen, not as a greyed-out button.
    const chosen = p.getByRole("button", { name: "I'm going" });
    await expect(chosen).toHaveAttribute("aria-pressed", "true");
    await expect(chosen).toBeEnabled();
    await expect(p.getByRole("button", { name: "I can't go" })).toHaveAttribute("aria-pressed", "false");
    people.push({ page: p, context, email });
  }

  // A third is invited by email and answers from the link on a phone, JavaScript off, not signed in.
  const cyEmail = uniqueEmail(`cy-${testInfo.project.name}`);
  const cyContext = await browser.newContext();
  await signUp(await cyContext.newPage(), `Cy ${tag}`, cyEmail);
  await cyContext.close();
  await page.getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Invitations? sent to/ })).toBeVisible();
  const link = await rsvpLinkInLastMailTo(cyEmail, "You're invited");
  const phone = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const cy = await phone.newPage();
  await cy.goto(link);
  await expect(cy.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(cy.getByText("No seats left")).toBeVisible();
  await cy.getByRole("button", { name: "I'm going" }).click();
  await expect(cy.getByRole("status")).toContainText("You are on the waitlist, number 1.");
  expect(await cy.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // With JavaScript on, the link's page is plain HTML all the same: nothing to download and
  // compile before its buttons work.
  const scripts: string[] = [];
  const desk = await browser.newContext();
  const d = await desk.newPage();
  d.on("request", (r) => {
    if (/\.(js|wasm)$/.test(new URL(r.url()).pathname)) scripts.push(r.url());
  });
  await d.goto(link);
  await expect(d.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await d.waitForLoadState("networkidle");
  expect(scripts).toEqual([]);
  await desk.close();

  // Ana gives her seat back; Cy, first in line, takes it and is told.
  const ana = people[0].page;
  await ana.getByRole("button", { name: "I can't go" }).click();
  await expect(ana.getByRole("status")).toHaveText("You are not going.");
  await cy.reload();
  await expect(cy.getByRole("status")).toHaveText("You are going.");
  expect(await lastMailTo(cyEmail, "You have a seat")).toContain("You have a seat");

  // The organiser sees who is going.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Going (2)" })).toBeVisible();
  await expect(page.locator("ul.names")).toContainText(`Bo ${tag}`);
  await expect(page.locator("ul.names")).toContainText(`Cy ${tag}`);
  for (const p of people) await p.context.close();
  await phone.close();
});
