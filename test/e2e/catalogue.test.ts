// A learner's first look, in real Chromium against the production build: the catalogue
// lists the labs, and a lab page shows its steps. Screenshots go to test-results/.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousAccessibilityProblems } from "../support/accessibility.ts";
import { launchChromium } from "../support/chromium.ts";
import { startApp, type StartedApp } from "../support/app-server.ts";

const screenshots = path.resolve(import.meta.dirname, "../../test-results");

let dataDir: string;
let profileDir: string;
let app: StartedApp;
let browser: BrowserContext;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "kindling-e2e-data-"));
  profileDir = await mkdtemp(path.join(tmpdir(), "kindling-e2e-chromium-"));
  await mkdir(screenshots, { recursive: true });
  app = await startApp(dataDir);
  browser = await launchChromium(profileDir, { width: 1366, height: 800 });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(profileDir, { recursive: true, force: true });
});

describe("catalogue and lab page", () => {
  it("lists the labs with their facts", async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    const labs = page.getByRole("list", { name: "Labs" });
    // The course, in the order of labs/course.yaml, numbered.
    const headings = await labs.getByRole("heading", { level: 2 }).allInnerTexts();
    expect(headings.slice(0, 3)).toEqual([
      "1\nPort forwarding to a pod",
      "2\nClusterIP Services",
      "3\nSession affinity",
    ]);
    expect(headings).toHaveLength(11);
    const card = labs.getByRole("link", { name: /Port forwarding to a pod/ });
    expect(await card.innerText()).toMatch(/15 min/);
    expect(await card.innerText()).toMatch(/beginner/i);
    await page.screenshot({ path: path.join(screenshots, "catalogue.png") });
    await page.close();
  });

  it("opens a lab and shows its steps rendered from Markdown", async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    await page.getByRole("link", { name: /Port forwarding to a pod/ }).click();
    await page.waitForURL(/\/labs\/port-forward$/);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(
      "Port forwarding to a pod",
    );
    const steps = page.getByRole("region", { name: "Steps" });
    expect(await steps.getByRole("heading", { level: 2 }).allInnerTexts()).toEqual([
      "1\nRun the kubia-manual pod",
      "2\nForward a local port to the pod",
      "3\nA second forward, and what it tells you",
      "4\nForward to a Service",
    ]);
    // A fenced YAML block arrives as a code block, not as paragraphs.
    expect(await steps.locator("pre code").first().innerText()).toContain("kind: Pod");
    const workArea = page.getByRole("region", { name: "Lab environment" });
    expect(await workArea.innerText()).toContain("Your lab environment starts here");
    await page.screenshot({ path: path.join(screenshots, "lab-page.png") });
    await page.close();
  });

  it("has no serious accessibility problems on the catalogue and a lab page", async () => {
    const page = await browser.newPage();
    for (const url of [app.url, `${app.url}/labs/nodeport`, `${app.url}/sign-in`]) {
      await page.goto(url);
      expect({ url, problems: await seriousAccessibilityProblems(page) }).toEqual({
        url,
        problems: [],
      });
    }
    await page.close();
  });

  it("answers an unknown lab with 404", async () => {
    const response = await fetch(`${app.url}/labs/no-such-lab`);
    expect(response.status).toBe(404);
  });
});
