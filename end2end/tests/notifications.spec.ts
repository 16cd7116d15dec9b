import { expect, test } from "@playwright/test";
import { hydrated, PASSWORD, uniqueEmail } from "./helpers";

test("a person chooses quiet hours and a weekly digest, and a mistake is named", async ({ page }, testInfo) => {
  const email = uniqueEmail(`mail-${testInfo.project.name}`);
  await page.goto("/sign-up");
  await hydrated(page);
  await page.getByLabel("Your name").fill("Rui Costa");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/profile\?welcome=1$/);

  // From the profile to the email settings, as a person finds them.
  await page.getByRole("link", { name: /Email settings/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Email settings" })).toBeVisible();
  await hydrated(page);
  if (testInfo.project.name === "phone") {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }

  // Events go to the digest, nudges are off, email only 09:00–17:30 from Monday to Thursday.
  await page.getByLabel("Event invitations, reminders and seats").selectOption("digest");
  await page.getByLabel("A nudge when you and your match have not met yet").selectOption("off");
  await page.getByLabel("From").fill("09:00");
  await page.getByLabel("Until").fill("17:30");
  for (const day of ["Friday", "Saturday", "Sunday"]) await page.getByLabel(day).uncheck();
  await page.getByLabel("Weekly digest on").selectOption("thu");

  // An end before the start is named next to the hours, and nothing is saved.
  await page.getByLabel("Until").fill("08:00");
  await page.getByRole("button", { name: "Save email settings" }).click();
  await expect(page.getByText("Choose an end after the start, like 08:00 to 19:00.").first()).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Event invitations, reminders and seats")).toHaveValue("now");

  await page.getByLabel("Event invitations, reminders and seats").selectOption("digest");
  await page.getByLabel("A nudge when you and your match have not met yet").selectOption("off");
  await page.getByLabel("From").fill("09:00");
  await page.getByLabel("Until").fill("17:30");
  for (const day of ["Friday", "Saturday", "Sunday"]) await page.getByLabel(day).uncheck();
  await page.getByLabel("Weekly digest on").selectOption("thu");
  await page.getByRole("button", { name: "Save email settings" }).click();
  await expect(page.getByText("Your email settings are saved.")).toBeVisible();

  // A fresh load shows every choice kept.
  await page.reload();
  await expect(page.getByLabel("Event invitations, reminders and seats")).toHaveValue("digest");
  await expect(page.getByLabel("A nudge when you and your match have not met yet")).toHaveValue("off");
  await expect(page.getByLabel("Session agendas, reminders and “did you meet?”")).toHaveValue("now");
  await expect(page.getByLabel("From")).toHaveValue("09:00");
  await expect(page.getByLabel("Until")).toHaveValue("17:30");
  await expect(page.getByLabel("Friday")).not.toBeChecked();
  await expect(page.getByLabel("Thursday")).toBeChecked();
  await expect(page.getByLabel("Saturday")).not.toBeChecked();
  await expect(page.getByLabel("Sunday")).not.toBeChecked();
  await expect(page.getByLabel("Weekly digest on")).toHaveValue("thu");
});
