// Accounts and the lab player, in real Chromium against the production build: sign up,
// sign out, sign in, open a lab's player (the provisioning view shows the runner's progress,
// or why there is no environment), end the session, sign out. Then, over plain HTTP with two accounts: one learner never sees another's
// session page or editor files, nor call a player action on it; sign-in refuses foreign
// origins and is rate-limited.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/chromium.ts";
import { signUpOverHttp as signUpAt } from "../support/accounts.ts";
import { startApp, type StartedApp } from "../support/app-server.ts";
import { seriousAccessibilityProblems } from "../support/accessibility.ts";

const screenshots = path.resolve(import.meta.dirname, "../../test-results");
const password = "correct horse battery";

let dataDir: string;
let profileDir: string;
let app: StartedApp;
let browser: BrowserContext;
let page: Page;
let sessionPath: string;
const cspErrors: string[] = [];
/** The player's End action as the browser sent it for Ada's session. */
let endAction: { url: string; headers: Record<string, string>; body: string };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "kindling-e2e-data-"));
  profileDir = await mkdtemp(path.join(tmpdir(), "kindling-e2e-chromium-"));
  await mkdir(screenshots, { recursive: true });
  app = await startApp(dataDir);
  browser = await launchChromium(profileDir, { width: 1366, height: 768 });
  page = await browser.newPage();
  // The security headers' CSP must not get in the way of the player's own scripts.
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspErrors.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(profileDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: path.join(screenshots, name) });
const signedInAs = () => page.getByTestId("signed-in-as");

const signUpOverHttp = (name: string, email: string) =>
  signUpAt(app.url, { name, email, password });

describe("accounts and the lab player in the browser", () => {
  it("signs up, and the header shows who is signed in", async () => {
    await page.goto(`${app.url}/sign-up`);
    await page.getByLabel("Name").fill("Ada Learner");
    await page.getByLabel("Email").fill("ada@example.org");
    await page.getByLabel("Password").fill(password);
    await shot("accounts-sign-up.png");
    await page.getByRole("button", { name: "Create account" }).click();
    await signedInAs().waitFor();
    // No sign-up grants a role, not even the first on a fresh installation: an operator
    // makes the first admin (the setup link `npm start` prints).
    expect(await signedInAs().innerText()).toMatch(/Ada Learner\s*learner/);
  });

  it("signs out, refuses a wrong password, and signs in", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in" }).waitFor();
    await page.goto(`${app.url}/sign-in`);
    await page.getByLabel("Email").fill("ada@example.org");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "do not match" }).waitFor();
    await shot("accounts-sign-in-error.png");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await signedInAs().waitFor();
    await shot("accounts-signed-in.png");
  });

  it("opens a lab's player and shows the provisioning view with the reason", async () => {
    await page.goto(`${app.url}/labs/port-forward/play`);
    await page.getByRole("button", { name: "Start lab" }).click();
    await page.waitForURL(/\/sessions\/[a-z0-9]+$/);
    sessionPath = new URL(page.url()).pathname;
    const provisioning = page.getByRole("region", { name: "Provisioning" });
    await provisioning.waitFor();
    // Whether or not a runner (and Docker) is here, the learner is told what is happening.
    expect(await provisioning.innerText()).toMatch(
      /Preparing your cluster|Waiting for the lab runner|could not start/,
    );
    const steps = page.getByRole("region", { name: "Steps" });
    expect(await steps.getByRole("heading", { level: 1 }).innerText()).toMatch(
      /Run the kubia-manual pod/,
    );
    // Step 2 is gated behind step 1's checks.
    expect(await page.getByRole("button", { name: /Step 2/ }).isDisabled()).toBe(true);
    await page.locator("[class*=fileBlock], [class*=commandBlock]").first().waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await shot("player-provisioning.png");
    // Reopening the lab resumes the same session.
    await page.goto(`${app.url}/labs/port-forward/play`);
    await page.waitForURL(new RegExp(`${sessionPath}$`));
  });

  it("serves the learner's own editor files", async () => {
    const response = await page.request.get(`${app.url}/api${sessionPath}/files`);
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { files: { name: string }[] };
    expect(Array.isArray(body.files)).toBe(true);
  });

  it("ends the session, then signs out", async () => {
    await page.goto(`${app.url}${sessionPath}`);
    // The End button calls a server action; keep the request to replay it as someone else.
    const action = page.waitForRequest(
      (r) => r.method() === "POST" && !!r.headers()["next-action"],
    );
    await page.getByRole("button", { name: "End", exact: true }).click();
    const request = await action;
    endAction = {
      url: request.url(),
      headers: Object.fromEntries(
        Object.entries(await request.allHeaders()).filter(([name]) =>
          ["next-action", "next-router-state-tree", "content-type", "accept"].includes(name),
        ),
      ),
      body: request.postData() ?? "",
    };
    expect(endAction.body).toContain(sessionPath.split("/").at(-1));
    await page.getByRole("region", { name: "Provisioning" }).getByText("has ended").waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in" }).waitFor();
    await shot("accounts-signed-out.png");
    await page.goto(`${app.url}${sessionPath}`);
    await page.waitForURL(/\/sign-in\?next=/);
    expect(cspErrors).toEqual([]);
  });
});

describe("access rules over HTTP", () => {
  it("never shows one learner's session page or files to another", async () => {
    const other = await signUpOverHttp("Bob Learner", "bob@example.org");
    const page = await fetch(`${app.url}${sessionPath}`, { headers: { cookie: other } });
    expect(page.status).toBe(404);
    const files = await fetch(`${app.url}/api${sessionPath}/files`, { headers: { cookie: other } });
    expect(files.status).toBe(404);
    const anonymous = await fetch(`${app.url}/api${sessionPath}/files`);
    expect(anonymous.status).toBe(401);
  });

  it("refuses a player action on another learner's session", async () => {
    const replay = async (cookie?: string) => {
      const response = await fetch(endAction.url, {
        method: "POST",
        headers: { ...endAction.headers, origin: app.url, ...(cookie ? { cookie } : {}) },
        body: endAction.body,
      });
      return response.text();
    };
    const bob = await signUpOverHttp("Bo Learner", "bo@example.org");
    expect(await replay(bob)).toContain("This lab session does not exist.");
    expect(await replay()).toContain("You are signed out.");
  });

  it("refuses a cookie-carrying request from a foreign origin (CSRF)", async () => {
    const cookie = await signUpOverHttp("Cy Learner", "cy@example.org");
    const response = await fetch(`${app.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example", cookie },
      body: JSON.stringify({ email: "bob@example.org", password }),
    });
    expect(response.status).toBe(403);
  });

  it("rate-limits sign-in attempts", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const response = await fetch(`${app.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: app.url },
        body: JSON.stringify({ email: "bob@example.org", password: "wrong password!" }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toContain(401);
    expect(statuses.at(-1)).toBe(429);
  });
});
