import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

const DEMO_PASSWORD = "tandem-demo-2026";

test("a program admin creates a program and opens enrollment; a participant finds it", async ({ browser }, testInfo) => {
  const name = `Peer pairs ${testInfo.project.name} ${Date.now()}`;
  const coordinator = await browser.newPage();
  await signIn(coordinator, "coordinator@northwind.example", DEMO_PASSWORD);
  await coordinator.getByRole("link", { name: "Programs" }).first().click();
  await coordinator.getByRole("link", { name: "New program" }).click();
  await expect(coordinator.getByRole("heading", { name: "New program" })).toBeVisible();

  await coordinator.getByLabel("Name").fill(name);
  await coordinator.getByLabel("Description").fill("Pairs across teams, every twelve weeks.");
  await coordinator.getByLabel("Guidelines and expectations").fill("# Expectations\n\nMeet **every two weeks** for an hour.");
  await coordinator.getByLabel("Enrollment opens").fill("2027-01-04");
  await coordinator.getByLabel("Enrollment closes").fill("2027-01-22");
  await coordinator.getByLabel("Program starts").fill("2027-01-10");
  await coordinator.getByLabel("Program ends").fill("2027-07-30");
  await coordinator.getByRole("button", { name: "Save program" }).click();
  // The start date is checked against enrollment, next to its field.
  await expect(coordinator.locator("#f-input-starts_on-error")).toHaveText("The program starts once enrollment has closed.");

  await coordinator.getByLabel("Program starts").fill("2027-02-01");
  await coordinator.getByRole("button", { name: "Save program" }).click();
  await expect(coordinator.getByText("The program has been saved.")).toBeVisible();
  await expect(coordinator.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(coordinator.locator(".prose strong")).toHaveText("every two weeks");
  await expect(coordinator.locator(".badge-lg")).toHaveText("Draft");

  await coordinator.getByRole("button", { name: "Open enrollment" }).click();
  await expect(coordinator.locator(".badge-lg")).toHaveText("Enrolling");
  await expect(coordinator.getByRole("button", { name: "Start the program" })).toBeVisible();

  const participant = await browser.newPage();
  await signIn(participant, "ana.lopez@northwind.example", DEMO_PASSWORD);
  await participant.goto("/programs");
  // The demo organisation's own program is open too.
  await expect(participant.getByRole("link", { name: "Peer Pairs · Spring cohort" })).toBeVisible();
  await participant.getByRole("link", { name }).click();
  await expect(participant.getByRole("heading", { name: "How matching works" })).toBeVisible();
  await expect(participant.getByText("Sam Carter")).toBeVisible();
  await expect(participant.getByRole("button", { name: "Start the program" })).toHaveCount(0);
});
