// Screenshots of Tandem's main pages at a phone's width (360 px) and a desktop's (1366 px),
// light and dark, as the demo's org admin sees them, for docs/screenshots/. Run with
// `make screenshots`, which starts the release build on a fresh demo database.
import { chromium } from "@playwright/test";
import * as path from "node:path";

const base = process.env.TANDEM_URL ?? "http://127.0.0.1:3210";
const out = process.argv[2] ?? "../docs/screenshots";
const pages = [
  ["sign-in", "/sign-in", false],
  ["dashboard", "/", true],
  ["programs", "/programs", true],
  ["program", "/programs/2", true],
  ["matching", "/programs/3/rounds", true],
  ["goals", "/goals", true],
  ["resources", "/resources?q=mentor", true],
  ["events", "/events", true],
  ["people", "/admin/people", true],
  ["agreements", "/programs/3/agreements", true],
  ["pulses", "/programs/3/pulses", true],
  ["provisioning", "/admin/scim", true],
  ["single-sign-on", "/admin/sso", true],
  ["audit", "/admin/audit", true],
];
// Pages a participant sees: a mentee of the demo's program where mentees choose.
const participantPages = [["mentors", "/programs/4/mentors"]];
const sizes = [
  ["phone", { width: 360, height: 780 }],
  ["desktop", { width: 1366, height: 900 }],
];

const browser = await chromium.launch({
  executablePath: process.env.TANDEM_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
for (const [size, viewport] of sizes) {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await signIn(page, "admin@northwind.example");
    for (const [name, url, signedIn] of pages) {
      if (!signedIn && scheme === "dark") continue;
      const view = signedIn ? page : await browser.newPage({ viewport, colorScheme: scheme });
      await view.goto(`${base}${url}`);
      await ready(view);
      const file = path.join(out, `${name}-${size}-${scheme}.png`);
      await view.screenshot({ path: file });
      console.log(file);
      if (!signedIn) await view.close();
    }
    await context.close();
    const participant = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
    const mentee = await participant.newPage();
    await signIn(mentee, "nia.costa@northwind.example");
    for (const [name, url] of participantPages) {
      await mentee.goto(`${base}${url}`);
      await ready(mentee);
      const file = path.join(out, `${name}-${size}-${scheme}.png`);
      await mentee.screenshot({ path: file });
      console.log(file);
    }
    await participant.close();
  }
}
await browser.close();

/** Signs `page` in as a demo account and waits for the dashboard. */
async function signIn(page, email) {
  await page.goto(`${base}/sign-in`);
  await ready(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("tandem-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /^Hello, / }).waitFor();
}

/** A page is ready once loaded and, when it has islands, once they are live. */
async function ready(page) {
  await page.waitForLoadState("load");
  if ((await page.locator("leptos-island").count()) > 0) await page.waitForSelector("body[data-hydrated]");
}
