import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { ADMIN, hydrated, signIn, startProvider, startSamlProvider } from "./helpers";

async function seriousProblems(page: import("@playwright/test").Page) {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  return axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

// An org admin adds the company's provider on a phone; a colleague signs in through it for
// the first time, which makes her account; she signs out of Tandem and is offered the
// provider's own sign-out.
test("a colleague signs in with her company account", async ({ page, browser, request }) => {
  const provider = await startProvider();
  try {
    const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
    const label = `Sign in with Northwind ${stamp}`;
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto("/admin/settings");
    await page.getByRole("link", { name: /^Single sign-on/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Single sign-on" })).toBeVisible();
    await hydrated(page);
    expect(await page.getByLabel(/^Redirect URI/).inputValue()).toMatch(/\/sso\/callback$/);
    await page.getByLabel("Button label").fill(label);
    await page.getByLabel("Issuer URL").fill(provider.issuer);
    await page.getByLabel("Client ID").fill("tandem-e2e");
    await page.getByLabel("Client secret").fill("a client secret");
    await page.getByLabel("Allowed email domains").fill("northwind.example");
    await page.getByRole("button", { name: "Save provider" }).click();
    await expect(page.getByText("Provider saved")).toBeVisible();
    await expect(page.getByText(label, { exact: true })).toBeVisible();
    expect(await seriousProblems(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The provider knows Kim; Tandem does not yet.
    const sub = `kim-${stamp}`;
    const email = `kim.${stamp}@northwind.example`;
    const stored = await request.put(`${provider.issuer}/users/${sub}`, {
      data: { email, email_verified: true, name: "Kim Ortiz" },
    });
    expect(stored.status()).toBe(204);

    const context = await browser.newContext({ viewport: page.viewportSize()! });
    const kim = await context.newPage();
    await kim.goto("/sign-in");
    await hydrated(kim);
    expect(await seriousProblems(kim)).toEqual([]);
    await kim.getByRole("link", { name: label }).click();
    await kim.getByPlaceholder("sub").fill(sub);
    await kim.getByRole("button", { name: "Authorize" }).click();
    await expect(kim.getByRole("heading", { name: /^Hello, Kim/ })).toBeVisible();

    // Signing out offers the provider's sign-out too.
    await hydrated(kim);
    await kim.getByRole("button", { name: "Sign out" }).first().click();
    await expect(kim.getByText("You have signed out.")).toBeVisible();
    await kim.getByRole("link", { name: /^Also sign out of your company account/ }).click();
    await expect(kim).toHaveURL(new RegExp(`^${provider.issuer}/oauth2/end_session\\?client_id=tandem-e2e`));
    await context.close();

    // The admin removes the provider again; its button leaves the sign-in page.
    await page.goto("/admin/sso");
    await hydrated(page);
    await page.getByText(`Remove ${label}…`).click();
    await page.getByRole("button", { name: "Remove provider" }).click();
    await expect(page.getByText("Provider removed.")).toBeVisible();
  } finally {
    provider.process.kill();
  }
});

// The admin registers Tandem with a SAML identity provider using the values the page shows,
// then adds the provider from its metadata address. A colleague signs in on the provider's
// login page; its page posts the assertion to Tandem from its own origin, and Tandem's page
// posts it on with the login cookie, so she arrives signed in.
test("a colleague signs in through a SAML identity provider", async ({ page, browser }) => {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const username = `lee${stamp}`;
  const idp = await startSamlProvider([
    {
      username,
      attributes: { uid: `lee-${stamp}`, email: `lee.${stamp}@northwind.example`, displayName: "Lee Park" },
    },
  ]);
  try {
    const label = `Northwind SAML ${stamp}`;
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto("/admin/sso");
    await hydrated(page);
    await page.getByRole("link", { name: /Add a SAML provider/ }).click();
    await expect(page.getByRole("heading", { name: "Add a SAML 2.0 provider" })).toBeVisible();
    const entityId = await page.getByLabel(/^Entity ID/).inputValue();
    const acs = await page.getByLabel(/^Assertion Consumer Service URL/).inputValue();
    expect(entityId).toMatch(/\/sso\/saml\/metadata$/);
    expect(acs).toMatch(/\/sso\/saml\/acs$/);
    idp.register(entityId, acs);
    await page.getByLabel("Button label").fill(label);
    await page.getByLabel("Identity provider metadata URL").fill(idp.metadataUrl);
    await page.getByLabel("Allowed email domains").fill("northwind.example");
    await page.getByRole("button", { name: "Save provider" }).click();
    await expect(page.getByText("Provider saved")).toBeVisible();
    await expect(page.getByText(label, { exact: true })).toBeVisible();
    await expect(page.getByText(/SAML 2\.0 · address from email/)).toBeVisible();
    expect(await seriousProblems(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const context = await browser.newContext({ viewport: page.viewportSize()! });
    const lee = await context.newPage();
    await lee.goto("/sign-in?next=/goals");
    await hydrated(lee);
    await lee.getByRole("link", { name: label }).click();
    await lee.locator("#username").fill(username);
    await lee.locator("#password").fill(`${username}-password`);
    await lee.locator("#password").press("Enter");
    await expect(lee.getByRole("heading", { level: 1, name: "My goals" })).toBeVisible();
    await lee.goto("/");
    await expect(lee.getByRole("heading", { name: /^Hello, Lee/ })).toBeVisible();
    await context.close();

    await page.goto("/admin/sso");
    await hydrated(page);
    await page.getByText(`Remove ${label}…`).click();
    await page.getByRole("button", { name: "Remove provider" }).click();
    await expect(page.getByText("Provider removed.")).toBeVisible();
  } finally {
    idp.stop();
  }
});
