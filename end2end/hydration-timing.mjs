// Time from navigation to a working goal board (its drag-and-drop island live, marked by
// `body[data-hydrated]`) in Debian's Chromium on a slow phone: the CPU slowed 4× and
// DevTools' "Fast 3G" network (562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up).
// Prints each run, the median, and what the page downloaded. Run by scripts/hydration-timing.sh
// against a server it starts; TANDEM_URL names another.
import { chromium } from "@playwright/test";

const base = process.env.TANDEM_URL ?? "http://127.0.0.1:3299";
const runs = Number(process.env.RUNS ?? 5);
const path = process.argv[2] ?? "/goals";

const browser = await chromium.launch({
  executablePath: process.env.TANDEM_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
const signIn = await context.newPage();
await signIn.goto(`${base}/sign-in`);
await signIn.getByLabel("Email").fill("ana.lopez@northwind.example");
await signIn.getByLabel("Password").fill("tandem-demo-2026");
await signIn.getByRole("button", { name: "Sign in" }).click();
await signIn.getByRole("heading", { name: /^Hello, / }).waitFor();
await signIn.close();

const times = [];
let downloaded = 0;
for (let i = 0; i < runs; i++) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  // A cold cache each run, as on a first visit from a link.
  await cdp.send("Network.clearBrowserCache");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 562.5,
    downloadThroughput: (1.44 * 1024 * 1024) / 8,
    uploadThroughput: (675 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e) => (bytes += e.encodedDataLength));
  // The moment the page is marked live, in ms since navigation began.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.body?.dataset.hydrated === "true") {
        window.__live = performance.now();
        observer.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-hydrated"] });
  });
  await page.goto(`${base}${path}`, { timeout: 120_000 });
  await page.waitForFunction(() => window.__live !== undefined, null, { timeout: 120_000 });
  const live = await page.evaluate(() => window.__live);
  await page.waitForLoadState("networkidle");
  times.push(live);
  downloaded = bytes;
  console.log(`run ${i + 1}: live after ${Math.round(live)} ms, ${Math.round(bytes / 1024)} KiB downloaded`);
  await page.close();
}
await browser.close();
times.sort((a, b) => a - b);
console.log(
  `${path}: median ${Math.round(times[Math.floor(times.length / 2)])} ms to a working page ` +
    `(4x CPU slowdown, Fast 3G, ${runs} cold loads); ${Math.round(downloaded / 1024)} KiB over the network`,
);
