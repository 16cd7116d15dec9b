import { chromium } from "@playwright/test";
const base = "http://127.0.0.1:3299";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage();
const msgs = [];
page.on("console", async (m) => { if (m.type() === "error") { const args = await Promise.all(m.args().map(a => a.evaluate(x => x instanceof Node ? (x.outerHTML ?? x.textContent ?? x.nodeName).slice(0, 300) : String(x)).catch(() => "?"))); msgs.push(args.join(" | ")); } });
await page.goto(`${base}/sign-in`);
await page.waitForSelector("body[data-hydrated]", { timeout: 20000 }).catch(() => {});
await page.getByLabel("Email").fill("admin@northwind.example");
await page.getByLabel("Password").fill("tandem-demo-2026");
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForTimeout(3000);
for (const path of process.argv.slice(2)) {
  for (let i = 0; i < Number(process.env.N ?? 5); i++) {
    msgs.length = 0;
    const resp = await page.goto(`${base}${path}`);
    const html = await resp.text();
    await page.waitForFunction(() => document.body.dataset.hydrated === "true", null, { timeout: 8000 }).catch(() => {}); await page.waitForTimeout(300);
    const h = await page.evaluate(() => document.body.dataset.hydrated);
    const fs = await import("node:fs");
    fs.writeFileSync(`/tmp/probe-${path.replaceAll("/", "_")}-${msgs.length ? "fail" : "ok"}.html`, html);
    if (msgs.length) console.log(path, i, "hydrated:", h, "\n", msgs.map(m => m.slice(0, 1500)).join("\n---\n"));
    if (msgs.length) break;
  }
}
await browser.close();
