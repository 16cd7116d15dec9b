import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, hydrated, signIn } from "./helpers";

// Every page as the demo's org admin sees it, on a phone and on a desktop: it hydrates
// without a panic however often it loads, has no serious accessibility problem, fits the
// screen, and breaks no word in the middle.

/** The pages to check: the fixed ones and those of each demo program. */
async function pages(page: Page): Promise<string[]> {
  await page.goto("/programs");
  await hydrated(page);
  const programs = await page
    .locator(".program-card h2 a")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  expect(programs.length).toBeGreaterThanOrEqual(3);
  return [
    "/",
    "/programs",
    ...programs,
    ...programs.map((p) => `${p}/rounds`),
    ...programs.map((p) => `${p}/enrollments`),
    ...programs.map((p) => `${p}/channels`),
    ...programs.map((p) => `${p}/agreements`),
    ...programs.map((p) => `${p}/pulses`),
    ...programs.map((p) => `${p}/stories`),
    "/programs/4/mentors",
    "/goals",
    "/resources",
    "/resources?q=mentor",
    "/events",
    "/profile",
    "/profile/notifications",
    "/profile/availability",
    "/admin/people",
    "/admin/settings",
    "/admin/delivery",
    "/admin/import",
    "/admin/slack",
    "/admin/scim",
    "/admin/sso",
    "/admin/sso?protocol=saml",
    "/admin/audit",
    "/admin/audit?action=role_changed",
    "/insights",
    "/insights?program=2",
    "/insights/report",
    "/insights/report?program=2",
    "/recognition",
    "/reviews",
    "/stories",
  ];
}

/** Collects panics and uncaught errors the page reports. */
function watchForPanics(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && /panicked|unreachable/i.test(msg.text())) problems.push(msg.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  return problems;
}

/** Loads `path` and waits until it has hydrated or reported a panic. */
async function load(page: Page, path: string, problems: string[]): Promise<void> {
  await page.goto(path);
  await expect
    .poll(async () => problems.length > 0 || (await page.evaluate(() => document.body.dataset.hydrated === "true")), {
      timeout: 20_000,
    })
    .toBe(true);
}

// One page of each kind; the demo creates its programs in this order (1 enrolling, 2 to 4
// running; 4 lets mentees choose), so their addresses are fixed.
const EACH_KIND = [
  "/",
  "/programs",
  "/programs/1",
  "/programs/2",
  "/programs/3",
  "/programs/3/rounds",
  "/programs/2/enrollments",
  "/programs/2/channels",
  "/programs/3/agreements",
  "/programs/3/pulses",
  "/programs/4/mentors",
  "/goals",
  "/resources",
  "/events",
  "/profile",
  "/admin/people",
  "/admin/settings",
  "/admin/slack",
  "/insights",
];

for (const path of EACH_KIND) {
  test(`${path} hydrates twenty times in a row without a panic`, async ({ page }, testInfo) => {
    // Phones load the program pages, where the panic was seen; desktops every kind of page.
    test.skip(testInfo.project.name === "phone" && !path.startsWith("/programs"), "desktop covers it");
    test.setTimeout(180_000);
    const problems = watchForPanics(page);
    await signIn(page, ADMIN.email, ADMIN.password);
    for (let i = 1; i <= 20; i++) {
      await load(page, path, problems);
      expect(problems, `${path}, load ${i}`).toEqual([]);
    }
  });
}

test("no page has a serious accessibility problem", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, ADMIN.email, ADMIN.password);
  const found: string[] = [];
  for (const path of [...(await pages(page)), "/no/such/page"]) {
    await page.goto(path);
    await hydrated(page);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    for (const v of results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
      found.push(`${path}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    }
  }
  await page.getByRole("button", { name: "Sign out" }).first().click();
  for (const path of ["/", "/sign-in", "/sign-up", "/forgot-password", "/sign-in/refused?reason=domain"]) {
    await page.goto(path);
    await hydrated(page);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    for (const v of results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
      found.push(`${path}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    }
  }
  expect(found).toEqual([]);
});

/** Words of the page's main text that the browser split over two lines. Long addresses and
 * links may break (they cannot fit a phone otherwise); words may not. */
async function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.querySelector("main")!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? "";
      // A line may end at a space or after a hyphen or dash; anywhere else splits a word.
      for (const m of text.matchAll(/[^\s\-–—]+/g)) {
        const word = m[0];
        if (word.length > 24 || /[@/]|https?:/.test(word)) continue;
        const range = document.createRange();
        range.setStart(node, m.index!);
        range.setEnd(node, m.index! + word.length);
        const tops = new Set(
          [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0).map((r) => Math.round(r.top)),
        );
        if (tops.size > 1) {
          const box = node.parentElement!;
          broken.push(`${word} (in ${box.tagName.toLowerCase()}.${box.className} ${Math.round(box.getBoundingClientRect().width)}px)`);
        }
      }
    }
    return broken;
  });
}

test("at 360 px nothing is cut, wrapped mid-word or too small to tap", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "a phone's width");
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 360, height: 760 });

  // Signed out, the two header buttons sit on one line.
  await page.goto("/");
  await hydrated(page);
  const guest = page.getByRole("navigation", { name: "Account" });
  const signInBox = (await guest.getByRole("link", { name: "Sign in" }).boundingBox())!;
  const signUpBox = (await guest.getByRole("link", { name: "Sign up" }).boundingBox())!;
  expect(signInBox.y).toBe(signUpBox.y);
  expect(signUpBox.height).toBeLessThan(50);
  expect(signUpBox.x + signUpBox.width).toBeLessThanOrEqual(360);

  await signIn(page, ADMIN.email, ADMIN.password);
  // The tab bar's labels show in full; the profile and admin pages are beside the account.
  const tabs = page.getByRole("navigation", { name: "Main (mobile)" }).getByRole("link");
  await expect(tabs).toHaveCount(5);
  for (const tab of await tabs.all()) {
    const cut = await tab.evaluate((a) => [...a.querySelectorAll("span")].some((s) => s.scrollWidth > s.clientWidth));
    expect(cut, await tab.innerText()).toBe(false);
  }
  const account = page.getByRole("navigation", { name: "You and admin" });
  for (const name of ["Profile", "People", "Settings"]) await expect(account.getByRole("link", { name })).toBeVisible();

  for (const path of await pages(page)) {
    await page.goto(path);
    await hydrated(page);
    const overflow = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      wide: [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > 361)
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`),
    }));
    expect(overflow.width, `${path}: ${overflow.wide.join(", ")}`).toBeLessThanOrEqual(360);
    expect(await brokenWords(page), path).toEqual([]);
    // Buttons, breadcrumbs and menu links are at least 44 px tall.
    const small = await page
      .locator(".btn:visible, .crumbs a:visible, .tabbar a:visible, .nav-account a:visible")
      .evaluateAll((els) =>
        els
          .filter((el) => el.getBoundingClientRect().height < 43.5)
          .map((el) => `${(el as HTMLElement).innerText || el.getAttribute("aria-label")} (${el.getBoundingClientRect().height}px)`),
      );
    expect(small, path).toEqual([]);
    // Every button looks like one: a border or a background, never bare text.
    const bare = await page.locator(".btn:visible").evaluateAll((els) =>
      els
        .filter((el) => {
          const style = getComputedStyle(el);
          const transparent = (c: string) => c === "transparent" || /rgba\(.*, 0\)$/.test(c);
          return parseFloat(style.borderTopWidth) === 0 && transparent(style.backgroundColor);
        })
        .map((el) => (el as HTMLElement).innerText),
    );
    expect(bare, path).toEqual([]);
  }
});

test("the browser app's files come compressed, under hashed names kept for a year", async ({ page, request }) => {
  await page.goto("/sign-in");
  await hydrated(page);
  const names = await page.evaluate(() =>
    [...document.querySelectorAll("link[href^='/pkg/'], script[src^='/pkg/']")].map(
      (e) => e.getAttribute("href") ?? e.getAttribute("src") ?? "",
    ),
  );
  const wasm = names.find((n) => n.endsWith(".wasm"));
  expect(wasm, names.join(", ")).toMatch(/^\/pkg\/tandem\.[A-Za-z0-9_-]{16,}\.wasm$/);
  for (const name of names.filter((n) => /\.(wasm|js|css)$/.test(n))) {
    expect(name).toMatch(/\/pkg\/tandem\.[A-Za-z0-9_-]{16,}\.(wasm|js|css)$/);
    const res = await request.get(name, { headers: { "accept-encoding": "br, gzip" } });
    expect(res.status(), name).toBe(200);
    expect(res.headers()["content-encoding"], name).toBe("br");
    expect(res.headers()["cache-control"], name).toBe("public, max-age=31536000, immutable");
  }
});

test("at 1366 px the admin menu stays on one line", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "a desktop's width");
  await page.setViewportSize({ width: 1366, height: 800 });
  await signIn(page, ADMIN.email, ADMIN.password);
  const links = page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link");
  await expect(links).toHaveCount(8);
  const tops = new Set(await links.evaluateAll((as) => as.map((a) => Math.round(a.getBoundingClientRect().top))));
  expect(tops.size).toBe(1);
});

test("finishing a program asks first and is not the main button", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/programs");
  await page.getByRole("link", { name: "Mentoring · Autumn cohort" }).click();
  await hydrated(page);
  const finish = page.getByRole("button", { name: "Finish Mentoring · Autumn cohort" });
  await expect(finish).toBeHidden();
  await page.getByText("Finish the program…").click();
  await expect(finish).toBeVisible();
  await expect(page.getByText("this cannot be undone")).toBeVisible();
});

test("a sign-in link cannot put words in Tandem's mouth, and a refused sign-in focuses the field", async ({ page }) => {
  await page.goto("/sign-in?error=Your%20password%20expired.%20Call%20555-0100.&field=email");
  await hydrated(page);
  await expect(page.getByText("555-0100")).toHaveCount(0);
  await expect(page.getByRole("alert")).toHaveCount(0);

  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#f-email-error")).toHaveText("Enter your email address.");
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#f-password-error")).toHaveText("Enter your password.");
  await expect(page.getByLabel("Password")).toBeFocused();
});

test("a page someone may not see says so once, under its own title", async ({ page }) => {
  await signIn(page, "ana.lopez@northwind.example", ADMIN.password);
  await page.goto("/admin/people");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Not for your role" })).toBeVisible();
  await expect(page).toHaveTitle("Not for your role · Tandem");
  await expect(page.getByText("Ask an org admin")).toHaveCount(1);
});
