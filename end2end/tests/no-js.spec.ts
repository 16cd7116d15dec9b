import { expect, test } from "@playwright/test";

// With JavaScript off, pages still read completely and forms still work as plain posts.
test("pages render and forms work without JavaScript", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Learn from the colleague next to you." })).toBeVisible();

  const missing = await page.goto("/no/such/page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();

  await page.goto("/sign-up");
  const email = `nojs.${Date.now()}@northwind.example`;
  await page.getByLabel("Your name").fill("Noor Haddad");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  // The plain post comes back to the form with the message beside the field.
  await expect(page.locator("#f-password-error")).toHaveText("Use at least 12 characters.");

  await page.getByLabel("Your name").fill("Noor Haddad");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/profile\?welcome=1$/);
  await expect(page.getByRole("heading", { level: 1, name: "Noor Haddad" })).toBeVisible();

  await page.getByLabel("Job title").fill("Analyst");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Your profile has been saved.")).toBeVisible();
  await expect(page.getByLabel("Job title")).toHaveValue("Analyst");

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Hello, Noor" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page.getByText("You have signed out.")).toBeVisible();
});
