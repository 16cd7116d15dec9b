import { expect, test } from "@playwright/test";
import { hydrated, PASSWORD, uniqueEmail } from "./helpers";

test("sign up, edit the profile, sign out and sign back in", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo.project.name);
  const phone = testInfo.project.name === "phone";

  await page.goto("/sign-up");
  await hydrated(page);
  await page.getByLabel("Your name").fill("Ana Lopez");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  // The problem is shown next to the field it is about.
  const passwordError = page.locator("#f-password-error");
  await expect(passwordError).toHaveText("Use at least 12 characters.");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/profile\?welcome=1$/);
  await expect(page.getByText("Welcome to Tandem!")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Ana Lopez" })).toBeVisible();

  // The navigation fits the screen: a tab bar on phones, a top bar on desktops.
  const tabbar = page.getByRole("navigation", { name: "Main (mobile)" });
  const topnav = page.getByRole("navigation", { name: "Main", exact: true });
  if (phone) {
    // Nothing is wider than the phone, even with a long email address in the header.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expect(tabbar).toBeVisible();
    await expect(topnav).toBeHidden();
  } else {
    await expect(topnav).toBeVisible();
    await expect(tabbar).toBeHidden();
  }

  // A wrong value is explained next to its field and nothing is saved.
  await page.getByLabel("Level").fill("99");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.locator("#f-input-level-error")).toHaveText("Enter a whole number from 1 to 15.");

  await page.getByLabel("Level").fill("4");
  await page.getByLabel("Job title").fill("Data Engineer");
  await page.getByLabel("Department").fill("Engineering");
  await page.getByLabel("Time zone").fill("Europe/Lisbon");
  await page.getByLabel("Skills you can offer").fill("SQL, data modelling");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Your profile has been saved.")).toBeVisible();

  // It is really stored: a fresh load shows it.
  await page.reload();
  await expect(page.getByLabel("Job title")).toHaveValue("Data Engineer");
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Lisbon");
  await expect(page.getByLabel("Skills you can offer")).toHaveValue("SQL, data modelling");
  await hydrated(page);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signed_out=1$/);
  await expect(page.getByText("You have signed out.")).toBeVisible();

  await page.goto("/profile");
  await expect(page).toHaveURL(/\/sign-in\?next=\/profile$/);
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not my password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("The email or password is incorrect.");

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByLabel("Job title")).toHaveValue("Data Engineer");

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Hello, Ana" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "My match" })).toBeVisible();
});
