// Links the site hands out work for the people they are sent to: an instructor browsing
// at http://localhost:PORT gets an invite link on that origin (not the address Next.js
// listens on), and with KINDLING_PUBLIC_URL set, on that one. Real Chromium, real app.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpOverHttp } from "../support/accounts.ts";
import { startApp, type StartedApp } from "../support/app-server.ts";
import { launchChromium } from "../support/chromium.ts";

const projectRoot = path.resolve(import.meta.dirname, "../..");
const password = "correct horse battery";
const folders: string[] = [];
let browser: BrowserContext;

beforeAll(async () => {
  const profile = await mkdtemp(path.join(tmpdir(), "kindling-invite-chromium-"));
  folders.push(profile);
  browser = await launchChromium(profile, { width: 1280, height: 800 });
});

afterAll(async () => {
  await browser?.close();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** An instructor's invite link as the class page shows it to a browser on `origin`. */
async function inviteLinkSeenAt(app: StartedApp, origin: string): Promise<string> {
  await signUpOverHttp(app.url, {
    name: "Ines Instructor",
    email: "ines@example.org",
    password,
  });
  await promisify(execFile)(
    "npm",
    ["run", "-s", "admin", "--", "grant", "ines@example.org", "instructor"],
    { cwd: projectRoot, env: { ...process.env, DATABASE_URL: app.databaseUrl } },
  );
  await browser.clearCookies();
  const page = await browser.newPage();
  try {
    // Signed in through the page on that origin, as the instructor would be.
    await page.goto(`${origin}/sign-in?next=/classes`);
    await page.getByLabel("Email").fill("ines@example.org");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/classes$/);
    await page.getByLabel("Class name").fill("Origins");
    await page.getByRole("checkbox", { name: /NodePort Services/ }).check();
    await page.getByRole("button", { name: "Create class" }).click();
    await page.waitForURL(/\/classes\/[^/]+$/);
    return await page.getByLabel("Invite link").inputValue();
  } finally {
    await page.close();
  }
}

async function freshApp(env: Record<string, string> = {}): Promise<StartedApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "kindling-invite-data-"));
  folders.push(dataDir);
  return startApp(dataDir, { env });
}

describe("invite links", () => {
  it("use the origin the instructor is on", async () => {
    await using app = await freshApp();
    const origin = `http://localhost:${app.port}`;
    expect(await inviteLinkSeenAt(app, origin)).toMatch(
      new RegExp(`^http://localhost:${app.port}/join/[a-z0-9]{12}$`),
    );
  }, 300_000);

  it("use KINDLING_PUBLIC_URL when the operator set it", async () => {
    await using app = await freshApp({ KINDLING_PUBLIC_URL: "https://labs.example.org" });
    // Browsed on loopback (the public name is only a setting here: nothing is contacted).
    const link = await inviteLinkSeenAt(app, `http://localhost:${app.port}`);
    expect(link).toMatch(/^https:\/\/labs\.example\.org\/join\/[a-z0-9]{12}$/);
  }, 300_000);
});
