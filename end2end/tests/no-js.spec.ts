import { expect, test } from "@playwright/test";
import { startProvider, startSamlProvider } from "./helpers";

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

test("a provisioning token is made and shown once as a plain form post", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("admin@northwind.example");
  await page.getByLabel("Password").fill("tandem-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.goto("/admin/scim");
  await page.getByLabel("What it is for").fill("");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.locator("#f-label-error")).toContainText("Name the token");
  await page.getByLabel("What it is for").fill("Google Workspace");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByLabel("Secret token")).toHaveValue(/^tandem_scim_/);
  await page.goto("/admin/audit?action=token_created");
  await expect(page.getByRole("cell", { name: "Google Workspace" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).first().click();
});

test("a single sign-on provider is added, used and removed as plain posts and redirects", async ({ page, browser, request }) => {
  const provider = await startProvider();
  try {
    const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
    const label = `Company account ${stamp}`;
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("admin@northwind.example");
    await page.getByLabel("Password").fill("tandem-demo-2026");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.goto("/admin/sso");
    // A wrong issuer is named, and nothing is saved.
    await page.getByLabel("Button label").fill(label);
    await page.getByLabel("Issuer URL").fill("http://127.0.0.1:9");
    await page.getByLabel("Client ID").fill("tandem-nojs");
    await page.getByLabel("Client secret").fill("a client secret");
    await page.getByLabel("Allowed email domains").fill("northwind.example");
    await page.getByRole("button", { name: "Save provider" }).click();
    await expect(page.locator("#f-issuer-error")).toContainText("could not read http://127.0.0.1:9/.well-known/openid-configuration");
    await page.getByLabel("Button label").fill(label);
    await page.getByLabel("Issuer URL").fill(provider.issuer);
    await page.getByLabel("Client ID").fill("tandem-nojs");
    await page.getByLabel("Client secret").fill("a client secret");
    await page.getByLabel("Allowed email domains").fill("northwind.example");
    await page.getByRole("button", { name: "Save provider" }).click();
    await expect(page.getByText("Provider saved")).toBeVisible();

    // Someone the provider vouches for only outside the allowed domain is refused, in words.
    const sub = `ola-${stamp}`;
    await request.put(`${provider.issuer}/users/${sub}`, {
      data: { email: `ola.${stamp}@elsewhere.example`, email_verified: true, name: "Ola Berg" },
    });
    const context = await browser.newContext({ javaScriptEnabled: false });
    const ola = await context.newPage();
    await ola.goto("/sign-in");
    await ola.getByRole("link", { name: label }).click();
    await ola.getByPlaceholder("sub").fill(sub);
    await ola.getByRole("button", { name: "Authorize" }).click();
    await expect(ola).toHaveURL(/\/sign-in\/refused\?reason=domain$/);
    await expect(ola.getByRole("alert")).toContainText("not in a domain this sign-in is for");
    await context.close();

    await page.goto("/admin/sso");
    await page.getByText(`Remove ${label}…`).click();
    await page.getByRole("button", { name: "Remove provider" }).click();
    await expect(page.getByText("Provider removed.")).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).first().click();
  } finally {
    provider.process.kill();
  }
});

// With JavaScript off, the identity provider's page and then Tandem's own each wait for a
// press of their button; the answer still reaches Tandem with the login cookie.
test("a SAML sign-in goes through with a press of Continue", async ({ page, browser }) => {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const username = `moe${stamp}`;
  const idp = await startSamlProvider([
    { username, attributes: { uid: `moe-${stamp}`, email: `moe.${stamp}@northwind.example`, displayName: "Moe Sato" } },
  ]);
  try {
    const label = `Company SAML ${stamp}`;
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("admin@northwind.example");
    await page.getByLabel("Password").fill("tandem-demo-2026");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.goto("/admin/sso");
    await page.getByRole("link", { name: /Add a SAML provider/ }).click();
    idp.register(
      await page.getByLabel(/^Entity ID/).inputValue(),
      await page.getByLabel(/^Assertion Consumer Service URL/).inputValue(),
    );
    // Metadata that is not metadata is named beside its field.
    await page.getByLabel("Button label").fill(label);
    await page.getByLabel("Identity provider metadata (XML)").fill("<html>a web page</html>");
    await page.getByLabel("Allowed email domains").fill("northwind.example");
    await page.getByRole("button", { name: "Save provider" }).click();
    await expect(page.locator("#f-saml_metadata-error")).toContainText("This is not SAML metadata");
    await page.getByLabel("Button label").fill(label);
    await page.getByLabel("Identity provider metadata URL").fill(idp.metadataUrl);
    await page.getByLabel("Identity provider metadata (XML)").fill("");
    await page.getByLabel("Allowed email domains").fill("northwind.example");
    await page.getByRole("button", { name: "Save provider" }).click();
    await expect(page.getByText("Provider saved")).toBeVisible();

    const context = await browser.newContext({ javaScriptEnabled: false });
    const moe = await context.newPage();
    await moe.goto("/sign-in");
    await moe.getByRole("link", { name: label }).click();
    await moe.locator("#username").fill(username);
    await moe.locator("#password").fill(`${username}-password`);
    await moe.locator("#password").press("Enter");
    await moe.getByRole("button", { name: "Submit" }).first().click();
    // Where the browser is, should the provider have answered with a page of its own.
    await expect(moe).toHaveURL(/\/sso\/saml\/acs$/);
    await expect(moe.getByText("Signing you in to Tandem")).toBeVisible();
    await moe.getByRole("button", { name: "Continue" }).click();
    await expect(moe.getByRole("heading", { name: /^Hello, Moe/ })).toBeVisible();
    await context.close();

    await page.goto("/admin/sso");
    await page.getByText(`Remove ${label}…`).click();
    await page.getByRole("button", { name: "Remove provider" }).click();
    await expect(page.getByText("Provider removed.")).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).first().click();
  } finally {
    idp.stop();
  }
});

test("joining a program works as plain form posts", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Ravi Menon");
  await page.getByLabel("Work email").fill(`nojs.enroll.${Date.now()}@northwind.example`);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/profile\?welcome=1$/);

  await page.goto("/");
  await page.getByRole("link", { name: "Join Peer Pairs · Spring cohort" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Join Peer Pairs · Spring cohort" })).toBeVisible();
  await page.getByRole("button", { name: "Join the program" }).click();
  // Back on the form, the first unanswered question says so.
  await expect(page.locator(".survey-question", { hasText: "Skills you can offer" })).toContainText("Please answer this question.");

  await page.getByRole("group", { name: "Skills you can offer" }).getByLabel("SQL").check();
  await page.getByRole("group", { name: "Skills you want to grow" }).getByLabel("Negotiation").check();
  await page.getByRole("radiogroup", { name: "What do you want from this program?" }).getByLabel("Build my network").check();
  await page.getByRole("radiogroup", { name: "How do you prefer to meet?" }).getByLabel("In person").check();
  await page.getByRole("group", { name: "When are you usually available?" }).getByLabel("Afternoons").check();
  await page.getByRole("button", { name: "Join the program" }).click();
  await expect(page.getByText("You are in!")).toBeVisible();

  // Skipping the next round is a plain post too.
  await page.getByRole("button", { name: "Skip the next round" }).click();
  await expect(page.getByText("Your participation has been updated.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Take part again" })).toBeVisible();
});

test("a goal is created, checked in and moved as plain form posts", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("ana.lopez@northwind.example");
  await page.getByLabel("Password").fill("tandem-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Hello, Ana" })).toBeVisible();

  const title = `Publish the team handbook ${Date.now()}`;
  await page.goto("/goals");
  await page.getByRole("link", { name: "New goal" }).click();
  await page.getByLabel("Goal", { exact: true }).fill(title);
  await page.getByLabel("A checklist of milestones").check();
  await page.getByRole("button", { name: "Create goal" }).click();
  await expect(page.locator("#f-input-milestones-error")).toHaveText("Write at least one milestone, one per line.");
  await page.getByLabel("Goal", { exact: true }).fill(title);
  await page.getByLabel("A checklist of milestones").check();
  await page.getByLabel("Milestones", { exact: true }).fill("Outline\nFirst draft\nReview");
  await page.getByRole("button", { name: "Create goal" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  await page.getByLabel("Outline").check();
  await page.getByLabel("First draft").check();
  await page.getByLabel("How confident are you of reaching it?").selectOption("4");
  await page.getByRole("button", { name: "Save check-in" }).click();
  await expect(page.getByText("Check-in saved.")).toBeVisible();
  await expect(page.getByText("66% · 2 of 3 milestones")).toBeVisible();
  await expect(page.getByRole("img", { name: /^Chart of Publish the team handbook/ })).toBeVisible();

  await page.goto("/goals");
  const card = page.locator(".goal-card", { hasText: title });
  await card.getByLabel(`Move “${title}” to`).selectOption("achieved");
  await card.getByRole("button", { name: "Move", exact: true }).click();
  await expect(page.locator('section.board-column[data-status="achieved"] .goal-card', { hasText: title })).toBeVisible();
});

test("resources are searched with a plain form and bookmarked as a plain post", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("ana.lopez@northwind.example");
  await page.getByLabel("Password").fill("tandem-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /^Hello, / })).toBeVisible();

  await page.goto("/resources");
  await page.getByLabel("Search resources").fill("reverse mentoring");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/resources\?q=reverse\+mentoring/);
  const results = page.getByRole("list", { name: "Search results" });
  await expect(results.getByRole("link").first()).toHaveText("Reverse mentoring: when the junior colleague leads");

  // A search too long for the box, sent as a link, gets a message rather than a failure.
  await page.goto(`/resources?q=${"a".repeat(10000)}`);
  await expect(page.getByRole("alert")).toContainText("Search for at most 200 characters");

  await page.goto("/resources?q=reverse+mentoring");
  await results.getByRole("link").first().click();
  await page.getByRole("button", { name: "☆ Bookmark" }).click();
  await expect(page.getByRole("button", { name: "★ Bookmarked" })).toBeVisible();
  await page.getByRole("button", { name: "★ Bookmarked" }).click();
  await expect(page.getByRole("button", { name: "☆ Bookmark" })).toBeVisible();
});
