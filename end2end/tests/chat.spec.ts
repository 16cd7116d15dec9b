import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN, hydrated, signIn } from "./helpers";

/** A Slack incoming webhook stand-in on this machine: it answers `ok` and keeps what it got. */
async function slackStandIn(): Promise<{ url: (hook: string) => string; received: unknown[]; close: () => void }> {
  const received: unknown[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push(JSON.parse(body));
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (hook) => `http://127.0.0.1:${port}/services/T0TANDEM/B0${hook}/${hook}secret${hook}`,
    received,
    close: () => server.close(),
  };
}

test("a program admin connects a Slack channel and sends it a test message", async ({ page }, testInfo) => {
  const slack = await slackStandIn();
  const hook = testInfo.project.name.slice(0, 4);
  try {
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto("/programs");
    await page.getByRole("link", { name: "Mentoring · Autumn cohort" }).click();
    await page.getByRole("link", { name: "Chat channels" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Chat channels" })).toBeVisible();
    await hydrated(page);
    if (testInfo.project.name === "phone") {
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }

    // An address that is not a Slack webhook is named next to the field, and nothing is added.
    await page.getByLabel("Slack", { exact: true }).check();
    await page.getByLabel("Webhook address").fill("https://example.com/services/x");
    await page.getByRole("button", { name: "Add channel" }).click();
    await expect(page.getByText(/example\.com is not one of them/).first()).toBeVisible();

    await page.getByLabel("Webhook address").fill(slack.url(hook));
    await page.getByRole("button", { name: "Add channel" }).click();
    await expect(page.getByText("The channel is added.", { exact: false })).toBeVisible();
    // Only the address's end is shown again.
    const channel = page.getByRole("listitem").filter({ hasText: `…${hook}` });
    await expect(channel).toBeVisible();
    await expect(page.getByText(`${hook}secret`)).toHaveCount(0);

    await channel.getByRole("button", { name: "Send a test message" }).click();
    await expect(page.getByText("The test message was posted: look in the channel.")).toBeVisible();
    expect(JSON.stringify(slack.received)).toContain("Tandem is connected to Mentoring · Autumn cohort");

    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);

    // Removing asks first, then the channel is gone.
    await channel.getByText("Remove…").click();
    await channel.getByRole("button", { name: /^Remove the Slack channel/ }).click();
    await expect(page.getByText("The channel is removed; nothing more is posted there.")).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: `…${hook}` })).toHaveCount(0);
  } finally {
    slack.close();
  }
});
