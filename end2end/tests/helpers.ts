import { expect, type Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

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

/** Waits until the page's islands (its interactive parts) are live. A page without one is
 * plain server-rendered HTML, ready as soon as it has loaded. */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  if ((await page.locator("leptos-island").count()) > 0) {
    await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  }
}

/** The first link with `?param=` in the newest email with one that the test server sent to
 * `to` (other email may have come since: an invited colleague also hears that a program
 * opened). Emails land in the outbox of the server's data folder (see playwright.config.ts). */
export async function linkInLastMailTo(to: string, param: string): Promise<string> {
  const text = await lastMailTo(to, `?${param}=`);
  const match = text.match(new RegExp(`https?://[^\\s"<>]*\\?${param}=[A-Za-z0-9_-]+`));
  if (!match) throw new Error(`no ?${param}= link in the email to ${to}`);
  return new URL(match[0]).pathname + new URL(match[0]).search;
}

/** Emails in the outbox addressed to `to`, newest first, with quoted-printable folding undone. */
function mailsTo(to: string): string[] {
  const outbox = path.join(process.env.TANDEM_E2E_DATA ?? "", "outbox");
  if (!fs.existsSync(outbox)) return [];
  return fs
    .readdirSync(outbox)
    .filter((name) => name.endsWith(".eml"))
    .map((name) => path.join(outbox, name))
    .map((file) => ({ text: fs.readFileSync(file, "utf8"), at: fs.statSync(file).mtimeMs }))
    .filter((m) => m.text.includes(`To: ${to}`))
    .sort((a, b) => b.at - a.at)
    .map((m) => m.text.replace(/=\r?\n/g, "").replace(/=3D/g, "="));
}

/** The newest email to `to` (that contains `containing`, when given). Tandem sends email from
 * its job queue a moment after the change that causes it, so this waits up to 15 seconds. */
export async function lastMailTo(to: string, containing?: string): Promise<string> {
  const until = Date.now() + 15_000;
  for (;;) {
    const mail = mailsTo(to).find((text) => containing === undefined || text.includes(containing));
    if (mail !== undefined) return mail;
    if (Date.now() > until) {
      throw new Error(`no email to ${to}${containing ? ` containing "${containing}"` : ""} arrived`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The personal RSVP link (`/rsvp/…`) in the newest email the test server sent to `to`. */
export async function rsvpLinkInLastMailTo(to: string, containing?: string): Promise<string> {
  const match = (await lastMailTo(to, containing)).match(/https?:\/\/[^\s"<>]*\/rsvp\/[A-Za-z0-9_-]+/);
  if (!match) throw new Error(`no RSVP link in the email to ${to}`);
  return match[0];
}

/** Signs up a new person in `page` and waits for their profile. */
export async function signUp(page: Page, name: string, email: string): Promise<void> {
  await page.goto("/sign-up");
  await hydrated(page);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/profile\?welcome=1$/);
}

// A real OpenID provider on loopback: PyPI's oidc-provider-mock from the test servers'
// Python (scripts/setup.sh installs it).
export async function startProvider(): Promise<{ issuer: string; process: ChildProcess }> {
  const python = path.join(__dirname, "..", "..", ".tools", "python", "bin", "python");
  // Without the colours the test runner asks of its children, so its log reads plainly.
  const env = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  const child = spawn(python, ["-u", "-m", "oidc_provider_mock", "--port", "0"], {
    stdio: ["ignore", "ignore", "pipe"],
    env,
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    let seen = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      seen += chunk.toString().replace(/\x1b\[[0-9;]*m/g, "");
      const match = seen.match(/running on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) resolve(match[1]);
    });
    child.on("error", (e) => reject(new Error(`the OpenID provider did not start (${python}): ${e}`)));
    child.on("exit", (code) => reject(new Error(`the OpenID provider stopped (${code}): ${seen}`)));
  });
  return { issuer, process: child };
}

/** SimpleSAMLphp as a SAML identity provider on loopback (scripts/saml-idp.sh), knowing the
 * people given; `register` tells it about a service provider, as an IT admin would. */
export async function startSamlProvider(
  people: { username: string; attributes: Record<string, string> }[],
): Promise<{ metadataUrl: string; register: (entityId: string, acs: string) => void; stop: () => void }> {
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-saml-e2e-"));
  fs.mkdirSync(path.join(dir, "metadata"));
  const quote = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  const users = people
    .map(({ username, attributes }) => {
      const attrs = Object.entries(attributes)
        .map(([k, v]) => `${quote(k)} => [${quote(v)}]`)
        .join(", ");
      return `${quote(`${username}:${username}-password`)} => [${attrs}]`;
    })
    .join(",\n");
  fs.writeFileSync(
    path.join(dir, "authsources.php"),
    `<?php\n$config = ['people' => ['exampleauth:UserPass',\n${users}]];\n`,
  );
  const script = path.join(__dirname, "..", "..", "scripts", "saml-idp.sh");
  const child = spawn("bash", [script, String(port), dir], { stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(`${base}/saml2/idp/metadata.php`)).ok) break;
    } catch {
      // not listening yet
    }
    if (tries > 200) throw new Error("SimpleSAMLphp did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    metadataUrl: `${base}/saml2/idp/metadata.php`,
    register: (entityId, acs) =>
      fs.writeFileSync(
        path.join(dir, "metadata", "saml20-sp-remote.php"),
        `<?php\n$metadata[${quote(entityId)}] = ['AssertionConsumerService' => ${quote(acs)}, ` +
          `'NameIDFormat' => 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent', 'simplesaml.nameidattribute' => 'uid'];\n`,
      ),
    stop: () => {
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
