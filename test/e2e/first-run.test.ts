// The first run on a new machine, through the real `npm start` (scripts/start.ts) in real
// Chromium: with the Docker engine out of reach the catalogue still serves and says what to
// start; with lab images missing the pages show the build's progress, Start lab waits for
// it and the terminal's prompt appears once they are built; stopping says what it leaves
// running, the next start picks the session up, and a start after its idle limit ends it.
// The "missing images" are real: the test removes images from the engine, and the runner's
// background build makes them again.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listClusters, removeCluster } from "../../runner/src/cluster/cluster-store.ts";
import { imageStates } from "../../runner/src/images/image-builder.ts";
import { freePort, startApp, type StartedApp } from "../support/app-server.ts";
import { seriousAccessibilityProblems } from "../support/accessibility.ts";
import { launchChromium } from "../support/chromium.ts";

const run = promisify(execFile);
const screenshots = path.resolve(import.meta.dirname, "../../test-results");
const MINUTES = 60_000;
/**
 * Removed from the engine so that `npm start` must build them: the node image (about a
 * minute and a half from cached parts) and the workstation.
 */
const REMOVED_IMAGES = ["node", "workstation"];

let dataDir: string;
let runnerHome: string;
let profileDir: string;
let runnerPort: number;
let app: StartedApp | undefined;
let browser: BrowserContext;
let page: Page;
let sessionUrl = "";

const shot = (name: string) =>
  page.screenshot({ path: path.join(screenshots, `first-run-${name}.png`), fullPage: true });
const work = () => page.getByRole("region", { name: "Lab environment" });
const terminalText = () => work().locator(".xterm-rows").first().innerText();

const start = (env: Record<string, string> = {}) =>
  startApp(dataDir, {
    env: {
      KINDLING_HOME: runnerHome,
      KINDLING_RUNNER_PORT: String(runnerPort),
      KINDLING_POOL: "off",
      ...env,
    },
  });

async function runnerPrefix(): Promise<string> {
  const state = JSON.parse(
    await readFile(path.join(runnerHome, "runner", "state.json"), "utf8"),
  ) as { runnerId: string };
  return `k${state.runnerId}-`;
}

const ourClusters = async () => {
  const prefix = await runnerPrefix();
  return (await listClusters()).map((c) => c.name).filter((n) => n.startsWith(prefix));
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "kindling-first-run-data-"));
  runnerHome = await mkdtemp(path.join(tmpdir(), "kindling-first-run-runner-"));
  profileDir = await mkdtemp(path.join(tmpdir(), "kindling-first-run-chromium-"));
  runnerPort = await freePort();
  await mkdir(screenshots, { recursive: true });
  browser = await launchChromium(profileDir, { width: 1366, height: 900 });
  page = await browser.newPage();
}, 5 * MINUTES);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  for (const name of await ourClusters().catch(() => [])) await removeCluster(name);
  await rm(dataDir, { recursive: true, force: true });
  await rm(profileDir, { recursive: true, force: true });
  await rm(runnerHome, { recursive: true, force: true });
}, 5 * MINUTES);

describe("the first run of npm start", () => {
  it(
    "serves the catalogue with the Docker engine out of reach, and says what to start",
    async () => {
      app = await start({ DOCKER_HOST: `unix://${path.join(runnerHome, "no-docker.sock")}` });
      await page.goto(`${app.url}/`);
      // (Next's route announcer is an alert too.)
      const banner = page.getByRole("alert").filter({ hasText: "Labs cannot start" });
      await banner.getByText("Labs cannot start right now").waitFor({ timeout: 60_000 });
      expect(await banner.innerText()).toMatch(/Docker engine is not reachable.*Start the Docker/s);
      expect(await page.getByRole("list", { name: "Labs" }).getByRole("listitem").count()).toBe(11);
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await shot("01-no-docker");
      await expect
        .poll(() => app!.log(), { timeout: 30_000 })
        .toMatch(/runner: The Docker engine is not reachable: .*Start the Docker engine/);
      await app.stop();
      app = undefined;
    },
    5 * MINUTES,
  );

  it(
    "builds missing images in the background, shows their progress, and Start waits for them",
    async () => {
      const missing = (await imageStates()).filter((s) => REMOVED_IMAGES.includes(s.spec.id));
      expect(missing).toHaveLength(REMOVED_IMAGES.length);
      await run("docker", ["rmi", "-f", ...missing.map((s) => s.spec.name)]);

      app = await start();
      await page.goto(`${app.url}/`);
      const banner = page.getByRole("region", { name: "Lab images" });
      await banner.getByText(/Preparing lab images — \d+ of \d+/).waitFor({ timeout: 60_000 });
      const bar = banner.getByRole("progressbar");
      expect(Number(await bar.getAttribute("max"))).toBeGreaterThanOrEqual(18);
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await shot("02-catalogue-building");

      await page.goto(`${app.url}/sign-up?next=/labs/port-forward/play`);
      await page.getByLabel("Name").fill("Fresh Learner");
      await page.getByLabel("Email").fill("fresh@example.org");
      await page.getByLabel("Password").fill("correct horse battery");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByRole("button", { name: "Start lab" }).click();
      await page.waitForURL(/\/sessions\/[a-z0-9]+$/);
      sessionUrl = page.url();
      const provisioning = page.getByRole("region", { name: "Provisioning" });
      await provisioning
        .getByText(/waiting for the lab images: \d+ of \d+/)
        .waitFor({ timeout: 60_000 });
      await shot("03-start-waits");
      expect(app.log()).toMatch(
        /runner: (preparing lab images — \d+ of \d+|lab images are missing)/,
      );

      await work()
        .getByRole("tab", { name: "Terminal 1" })
        .waitFor({ timeout: 15 * MINUTES });
      await expect.poll(terminalText, { timeout: 2 * MINUTES }).toMatch(/learner@workstation/);
      await shot("04-prompt");
      expect((await imageStates()).every((s) => s.upToDate)).toBe(true);
    },
    25 * MINUTES,
  );

  it(
    "says on stopping what it leaves running, and the next start picks the session up",
    async () => {
      await app!.stop();
      expect(app!.log()).toMatch(
        /left running for the next start: 1 lab environment\(s\) \(1 of learners' sessions, 0 in the warm pool\).*npx kindling environments remove/s,
      );
      expect(await ourClusters()).toHaveLength(1);

      app = await start();
      await page.goto(sessionUrl.replace(/^http:\/\/127\.0\.0\.1:\d+/, app.url));
      await work()
        .getByRole("tab", { name: "Terminal 1" })
        .waitFor({ timeout: 2 * MINUTES });
      await expect.poll(terminalText, { timeout: 2 * MINUTES }).toMatch(/learner@workstation/);
      await app.stop();
    },
    10 * MINUTES,
  );

  it(
    "ends at the next start a session whose idle limit passed meanwhile, removing its cluster",
    async () => {
      expect(await ourClusters()).toHaveLength(1);
      // Four seconds of idleness are long past by the time the runner looks.
      app = await start({
        KINDLING_SESSION_IDLE_MINUTES: "0.07",
        KINDLING_SESSION_WARNING_MINUTES: "0.01",
      });
      await expect.poll(ourClusters, { timeout: 2 * MINUTES, interval: 2000 }).toEqual([]);
      expect(app.log()).toMatch(/session s[0-9a-f]+: ended after \d+ minutes without activity/);
    },
    5 * MINUTES,
  );
});
