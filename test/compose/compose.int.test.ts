// The whole platform as an operator runs it (issue 11): the Compose images built by
// `npm run compose:images`, `docker compose up` (PostgreSQL, the web app, the runner on the
// host's engine), then in real Chromium a learner signs up, starts the course's first lab and
// gets a shell prompt in the player's terminal. Ending the lab and `down -v` must leave
// nothing behind: no container, network or volume of the project, and none of the lab's
// cluster. Needs the cluster image set in the engine (`npm run images`), as the runner does.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listClusters, removeCluster } from "../../runner/src/cluster/cluster-store.ts";
import { routePath, runnerRoutes } from "../../runner/src/protocol/runner-contract.ts";
import { RUNNER_LABEL } from "../../runner/src/session/session-labels.ts";
import { launchChromium } from "../support/chromium.ts";
import { buildComposeImages, ComposeStack, labelled, repoRoot } from "./compose-stack.ts";

const MINUTES = 60_000;
const screenshots = path.join(repoRoot, "test-results");

let stack: ComposeStack;
let profileDir: string;
let browser: BrowserContext | undefined;
let page: Page;
let runnerId = "";
let down = false;

async function firstLab(): Promise<string> {
  const course = parse(await readFile(path.join(repoRoot, "labs/course.yaml"), "utf8")) as {
    labs: string[];
  };
  return course.labs[0]!;
}

async function untilOk(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 in time`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

beforeAll(async () => {
  const seconds = await buildComposeImages();
  console.log(`compose: images built (or found current) in ${seconds.toFixed(1)} s`);
  stack = await ComposeStack.create("kindling-compose-test", {
    app: 3134,
    runner: 4134,
    postgres: 5134,
  });
  // A stack left by an interrupted run would hold the ports and the old state.
  await stack.run("down", "-v", "--remove-orphans");
  profileDir = await mkdtemp(path.join(tmpdir(), "kindling-compose-chromium-"));
}, 60 * MINUTES);

afterAll(async () => {
  await browser?.close();
  if (stack && !down) await stack.run("down", "-v", "--remove-orphans").catch(() => "");
  // A failed run may have left the lab's cluster: removed here, after the assertions.
  if (runnerId)
    for (const cluster of await listClusters())
      if (cluster.name.startsWith(`k${runnerId}-`)) await removeCluster(cluster.name);
  await rm(profileDir, { recursive: true, force: true });
}, 10 * MINUTES);

describe("Compose runs everything", () => {
  it("comes up healthy: the web app on its port, the runner beside it", async () => {
    const started = performance.now();
    await stack.run("up", "-d");
    await untilOk(`${stack.runnerUrl}${routePath(runnerRoutes.health)}`, 3 * MINUTES);
    await untilOk(stack.appUrl, 3 * MINUTES);
    console.log(
      `compose: up and healthy in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const services = await stack.run("ps", "--services", "--filter", "status=running");
    expect(services.split("\n").sort()).toEqual(["app", "postgres", "runner"]);
    const state = JSON.parse(
      await stack.run("exec", "-T", "runner", "cat", "/var/lib/kindling/runner/state.json"),
    ) as { runnerId: string };
    runnerId = state.runnerId;
    expect(runnerId).toMatch(/^[0-9a-f]{6}$/);
  });

  it("a learner signs up, starts the first lab and gets a shell prompt", async () => {
    const lab = await firstLab();
    browser = await launchChromium(profileDir, { width: 1440, height: 900 });
    page = await browser.newPage();
    await page.goto(`${stack.appUrl}/sign-up`);
    await page.getByLabel("Name").fill("Compose Learner");
    await page.getByLabel("Email").fill("compose-learner@example.org");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByTestId("signed-in-as").waitFor();

    const started = performance.now();
    await page.goto(`${stack.appUrl}/labs/${lab}/play`);
    await page.getByRole("button", { name: "Start lab" }).click();
    await page.waitForURL(/\/sessions\/[a-z0-9]+$/);
    const work = page.getByRole("region", { name: "Lab environment" });
    await work.getByRole("tab", { name: "Terminal 1" }).waitFor({ timeout: 12 * MINUTES });
    await work.getByText("Connected").waitFor({ timeout: 60_000 });
    const terminal = () => work.locator(".xterm-rows").first().innerText();
    await expect.poll(terminal, { timeout: 60_000 }).toMatch(/learner@workstation/);
    console.log(
      `compose: Start lab → prompt in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    await page.screenshot({ path: path.join(screenshots, "compose-terminal.png") });
    // The lab's cluster was made in the host's engine by this stack's runner.
    expect(await labelled(`label=${RUNNER_LABEL}=${runnerId}`)).not.toEqual([]);
  });

  it("ending the lab and `down -v` leave nothing behind", async () => {
    await page.getByRole("button", { name: "End", exact: true }).click();
    await page.getByText("Ended by you.").waitFor({ timeout: 5 * MINUTES });
    // Ending removes the environment in the background; the runner must finish before `down`.
    await expect
      .poll(() => labelled(`label=${RUNNER_LABEL}=${runnerId}`), {
        timeout: 5 * MINUTES,
        interval: 2000,
      })
      .toEqual([]);
    await browser?.close();
    browser = undefined;
    await stack.run("down", "-v", "--remove-orphans");
    down = true;
    expect(await stack.leftovers()).toEqual([]);
    expect(await labelled(`label=${RUNNER_LABEL}=${runnerId}`)).toEqual([]);
    expect(await labelled(`name=kindling-k${runnerId}-`)).toEqual([]);
    const clusters = await listClusters();
    expect(clusters.map((c) => c.name).filter((n) => n.startsWith(`k${runnerId}-`))).toEqual([]);
  });
});
