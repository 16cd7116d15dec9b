import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { ADMIN, hydrated, signIn } from "./helpers";

async function seriousProblems(page: import("@playwright/test").Page) {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  return axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

// On a phone, an org admin connects the identity provider: makes a token (shown once), the
// provider creates a person with it, the audit log names the token as who did it, and once
// revoked the token is refused.
test("an org admin connects provisioning and reads who did what", async ({ page, request }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/admin/settings");
  await page.getByRole("link", { name: /^Provisioning \(SCIM\)/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Provisioning (SCIM)" })).toBeVisible();
  await hydrated(page);
  const endpoint = await page.getByLabel("Tenant URL (SCIM base URL)").inputValue();
  expect(endpoint).toMatch(/\/scim\/v2$/);

  const label = `Okta ${Date.now()}`;
  await page.getByLabel("What it is for").fill(label);
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = page.getByLabel("Secret token");
  await expect(secret).toBeVisible();
  const token = await secret.inputValue();
  expect(token).toMatch(/^tandem_scim_/);
  expect(await seriousProblems(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // The provider creates someone.
  const email = `lee.${Date.now()}@northwind.example`;
  const created = await request.post(`${endpoint}/Users`, {
    headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
    data: JSON.stringify({ userName: email, displayName: "Lee Park", emails: [{ value: email }] }),
  });
  expect(created.status()).toBe(201);

  // Shown once: after a reload only its first characters remain.
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("Secret token")).toHaveCount(0);
  await expect(page.getByText(token.slice(0, 16) + "…")).toBeVisible();

  // The audit log names the token as who created Lee.
  await page.goto("/admin/audit?action=provisioned");
  await hydrated(page);
  const row = page.getByRole("row", { name: new RegExp(`Lee Park <${email}>`) });
  await expect(row).toContainText(`SCIM token "${label}"`);
  expect(await seriousProblems(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // Revoked, the token is refused at once.
  await page.goto("/admin/scim");
  await hydrated(page);
  await page.getByText(`Revoke ${label}…`).click();
  await page.getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByText("Token revoked")).toBeVisible();
  const refused = await request.get(`${endpoint}/Users`, { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
});
