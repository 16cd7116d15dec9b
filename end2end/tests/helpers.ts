import { expect, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery staple";

/** A unique address per test and project, so tests can share one server. The demo
 * organisation the test server runs allows sign-ups from northwind.example only. */
export function uniqueEmail(tag: string): string {
  return `${tag}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@northwind.example`;
}

export const ADMIN = { email: "admin@northwind.example", password: "tandem-demo-2026" };

/** Signs in through the form and waits for the dashboard. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /^Hello, / })).toBeVisible();
}

/** Waits until the browser app has hydrated the server-rendered page. */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}
