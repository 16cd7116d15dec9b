// Lighthouse (npm, pinned in package.json) in Debian's Chromium, with its default mobile
// profile (a mid-range phone's screen and CPU, a slow 4G network, simulated), on the pages a
// person meets first: sign-in, the dashboard, the goal board and an RSVP link from an email.
// Prints performance and accessibility per page and fails below 95 and 100. Run by
// `make lighthouse`, which starts the release build on a fresh demo database.
import { chromium } from "@playwright/test";
import lighthouse from "lighthouse";
import * as fs from "node:fs";
import * as path from "node:path";

const base = process.env.TANDEM_URL ?? "http://127.0.0.1:3298";
const outbox = path.join(process.env.TANDEM_E2E_DATA ?? "", "outbox");
const PASSWORD = "tandem-demo-2026";
const PARTICIPANT = "ana.lopez@northwind.example";

/** Signs in over HTTP, as the sign-in form does, and returns the session cookie. */
async function signIn(email) {
  const res = await fetch(`${base}/api/sign_in`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: base, "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: PASSWORD }),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  if (!cookie) throw new Error(`signing in as ${email} failed: ${res.status}`);
  return cookie;
}

/** The admin invites everyone to the demo's events; the participant's email holds her
 * personal RSVP link. */
async function rsvpLink() {
  const admin = await signIn("admin@northwind.example");
  const events = await (await fetch(`${base}/events`, { headers: { cookie: admin } })).text();
  const ids = [...new Set([...events.matchAll(/href="\/events\/(\d+)"/g)].map((m) => m[1]))];
  if (ids.length === 0) throw new Error("the demo has no event");
  for (const id of ids) {
    const sent = await fetch(`${base}/api/events/invite`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: admin, origin: base, "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ id }),
    });
    if (sent.status >= 400) throw new Error(`inviting to event ${id} failed: ${sent.status}`);
  }
  for (let i = 0; i < 75; i++) {
    const mails = fs.existsSync(outbox) ? fs.readdirSync(outbox).map((f) => fs.readFileSync(path.join(outbox, f), "utf8")) : [];
    for (const mail of mails.filter((m) => m.includes(`To: ${PARTICIPANT}`))) {
      const link = mail.replace(/=\r?\n/g, "").match(/https?:\/\/[^\s"<>]*(\/rsvp\/[A-Za-z0-9_-]+)/);
      if (link) return link[1];
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no RSVP link reached ${PARTICIPANT} (outbox ${outbox})`);
}

const participant = await signIn(PARTICIPANT);
const pages = [
  ["sign-in", "/sign-in", null],
  ["dashboard", "/", participant],
  ["goal board", "/goals", participant],
  ["RSVP link", await rsvpLink(), null],
];
const port = 9300 + Math.floor(Math.random() * 500);
const browser = await chromium.launch({
  executablePath: process.env.TANDEM_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", `--remote-debugging-port=${port}`],
});
let failed = false;
console.log("| page | performance | accessibility | first contentful paint | largest contentful paint | total blocking time |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const [name, url, cookie] of pages) {
  const { lhr } = await lighthouse(`${base}${url}`, {
    port,
    output: "json",
    logLevel: "error",
    onlyCategories: ["performance", "accessibility"],
    extraHeaders: cookie ? { Cookie: cookie } : undefined,
  });
  const perf = Math.round(lhr.categories.performance.score * 100);
  const a11y = Math.round(lhr.categories.accessibility.score * 100);
  const audit = (id) => lhr.audits[id].displayValue;
  console.log(`| ${name} | ${perf} | ${a11y} | ${audit("first-contentful-paint")} | ${audit("largest-contentful-paint")} | ${audit("total-blocking-time")} |`);
  if (perf < 95 || a11y < 100) {
    failed = true;
    for (const a of Object.values(lhr.audits)) {
      if (a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative") console.log(`    ${name}: ${a.id}: ${a.title} (${a.displayValue ?? a.score})`);
    }
  }
}
await browser.close();
if (failed) {
  console.log("below the targets (performance 95, accessibility 100)");
  process.exit(1);
}
