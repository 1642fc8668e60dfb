// Live checks (issue 17), in real Chromium against the production build, a real runner and a
// real cluster: with the player open, a Service the learner creates in the terminal turns its
// resource check green without anyone pressing Check, while the traffic check waits for Check;
// Check still gives the verdict that counts, and the live state keeps following the cluster
// afterwards without touching the recorded progress. The lab is a small one of this test's
// own (one node, a kubia Deployment from its setup), so that the test is about the panel.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listClusters, removeCluster } from "../../runner/src/cluster/cluster-store.ts";
import { seriousAccessibilityProblems } from "../support/accessibility.ts";
import { freePort, startApp, type StartedApp } from "../support/app-server.ts";
import { launchChromium } from "../support/chromium.ts";

const shots =
  process.env.KINDLING_SHOTS_DIR ?? path.resolve(import.meta.dirname, "../../test-results");
const MINUTES = 60_000;
const SLUG = "live-service";

let dataDir: string;
let runnerHome: string;
let labsDir: string;
let profileDir: string;
let app: StartedApp;
let browser: BrowserContext;
let page: Page;

const panel = () => page.getByRole("region", { name: "Checks" });
const work = () => page.getByRole("region", { name: "Lab environment" });
const checkItem = (description: RegExp) =>
  panel().getByRole("listitem").filter({ hasText: description });
const shapeCheck = () => checkItem(/Service kubia sends port 80/);
const trafficCheck = () => checkItem(/Service kubia answers inside the cluster/);

async function typeInTerminal(command: string) {
  await work().getByRole("tab", { name: "Terminal 1" }).click();
  await work().locator(".xterm-helper-textarea").first().focus();
  await page.keyboard.type(`${command}\r`);
}

async function writeLab(dir: string) {
  await mkdir(path.join(dir, "steps"), { recursive: true });
  await mkdir(path.join(dir, "setup"), { recursive: true });
  // The loader holds every lab to the format: a solution and an alternative for the step.
  await writeFile(
    path.join(dir, "lab.yaml"),
    `title: A Service, checked as you go
summary: Expose kubia and watch its check follow your cluster.
durationMinutes: 5
difficulty: beginner
topology: { workers: 0 }
addons: []
steps:
  - id: expose
    title: Expose kubia
    file: steps/01-expose.md
    solution: solution/01
    hints:
      - "\`kubectl expose deployment kubia --port 80 --target-port 8080\` makes the Service."
    checks:
      - id: service-shape
        kind: resource
        description: Service kubia sends port 80 to the pods' port 8080
        resource: { apiVersion: v1, kind: Service, name: kubia }
        expect: { spec: { ports: [{ port: 80, targetPort: 8080 }] } }
      - id: service-answers
        kind: http
        description: Service kubia answers inside the cluster with a kubia pod
        from: pod
        target: { service: { name: kubia, port: 80 } }
        requests: 1
        expect: { status: 200, bodyContains: "You've hit kubia-" }
        timeoutSeconds: 40
alternatives:
  - name: named-port
    step: expose
    why: a Service of its own with a named port
`,
  );
  const service = (portName: string) =>
    `apiVersion: v1
kind: Service
metadata: { name: kubia, namespace: default }
spec:
  selector: { app: kubia }
  ports: [{ ${portName}port: 80, targetPort: 8080 }]
`;
  for (const [folder, text] of [
    ["solution/01", service("")],
    ["alternative/named-port", service("name: http, ")],
  ] as const) {
    await mkdir(path.join(dir, folder), { recursive: true });
    await writeFile(path.join(dir, folder, "kubia-service.yaml"), text);
  }
  await writeFile(
    path.join(dir, "steps/01-expose.md"),
    "Give Deployment `kubia` a Service named `kubia` on port 80, sending to the pods' port 8080.\n",
  );
  await writeFile(
    path.join(dir, "setup/01-kubia.yaml"),
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: kubia, namespace: default }
spec:
  replicas: 1
  selector: { matchLabels: { app: kubia } }
  template:
    metadata: { labels: { app: kubia } }
    spec:
      containers:
        - name: kubia
          image: kindling/kubia:v1
          ports: [{ containerPort: 8080 }]
`,
  );
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "kindling-live-data-"));
  runnerHome = await mkdtemp(path.join(tmpdir(), "kindling-live-runner-"));
  profileDir = await mkdtemp(path.join(tmpdir(), "kindling-live-chromium-"));
  labsDir = await mkdtemp(path.join(tmpdir(), "kindling-live-labs-"));
  await mkdir(shots, { recursive: true });
  await writeLab(path.join(labsDir, SLUG));
  process.env.KINDLING_RUNNER_PORT = String(await freePort());
  process.env.KINDLING_HOME = runnerHome;
  process.env.KINDLING_POOL = "";
  app = await startApp(dataDir, {
    timeoutMs: 14 * MINUTES,
    env: { KINDLING_LABS_DIR: labsDir },
  });
  browser = await launchChromium(profileDir, { width: 1440, height: 900 });
  page = await browser.newPage();
}, 15 * MINUTES);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  const state = await readFile(path.join(runnerHome, "runner", "state.json"), "utf8").catch(
    () => "{}",
  );
  const { runnerId } = JSON.parse(state) as { runnerId?: string };
  if (runnerId)
    for (const cluster of await listClusters())
      if (cluster.name.startsWith(`k${runnerId}-`)) await removeCluster(cluster.name);
  for (const dir of [dataDir, profileDir, runnerHome, labsDir])
    if (dir) await rm(dir, { recursive: true, force: true });
}, 5 * MINUTES);

describe("live checks", () => {
  it(
    "turn a resource check green when the learner applies a Service in the terminal, without Check",
    async () => {
      await page.goto(`${app.url}/sign-up`);
      await page.getByLabel("Name").fill("Lia Live");
      await page.getByLabel("Email").fill("lia@example.org");
      await page.getByLabel("Password").fill("correct horse battery");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByTestId("signed-in-as").waitFor();
      await page.goto(`${app.url}/labs/${SLUG}/play`);
      await page.getByRole("button", { name: "Start lab" }).click();
      await page.waitForURL(/\/sessions\/[a-z0-9]+$/);
      await work()
        .getByRole("tab", { name: "Terminal 1" })
        .waitFor({ timeout: 12 * MINUTES });

      // Before the Service exists: the resource check is live and not passing; the traffic
      // check is left to Check.
      await panel()
        .getByText(/Live preview: resource checks follow your cluster/)
        .waitFor({
          timeout: 60_000,
        });
      await shapeCheck().getByText("live: not yet").waitFor({ timeout: 30_000 });
      expect(await trafficCheck().innerText()).toMatch(/press Check/);

      const typed = Date.now();
      await typeInTerminal("kubectl expose deployment kubia --port 80 --target-port 8080");
      await shapeCheck().getByText("live: passing").waitFor({ timeout: 30_000 });
      console.log(
        `live checks: the Service's check turned green ${Date.now() - typed} ms after Enter`,
      );

      // Nothing was recorded: no attempt, no verdict, the step is not passed.
      expect(await panel().getByRole("button", { name: "Check" }).isEnabled()).toBe(true);
      expect(await panel().innerText()).not.toMatch(/attempt|Step passed/);
      expect(await shapeCheck().innerText()).toMatch(/^○/);
      expect(await trafficCheck().innerText()).toMatch(/press Check/);
      await panel().screenshot({ path: path.join(shots, "live-checks.png") });
      await page.screenshot({ path: path.join(shots, "live-checks-player.png") });
      // axe on the page with the live states, the terminal's tab put aside as the Browser tab's
      // test does: xterm's coloured prompt is judged on its own there, not here.
      await work().getByRole("button", { name: "Browser" }).click();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
    },
    16 * MINUTES,
  );

  it("leaves the verdict to Check, and keeps following the cluster after it", async () => {
    await panel().getByRole("button", { name: "Check" }).click();
    await panel()
      .getByText("Step passed")
      .waitFor({ timeout: 2 * MINUTES });
    expect(await shapeCheck().innerText()).toMatch(/^✓/);
    expect(await trafficCheck().innerText()).toMatch(/^✓/);

    // Deleting the Service turns the live state back; the recorded pass stays.
    await typeInTerminal("kubectl delete service kubia");
    await shapeCheck().getByText("live: not yet").waitFor({ timeout: 30_000 });
    expect(await panel().innerText()).toMatch(/Step passed/);
  });

  it("comes back after the page reloads, on a fresh connection", async () => {
    await page.reload();
    await panel()
      .getByText(/Live preview: resource checks follow your cluster/)
      .waitFor({
        timeout: 60_000,
      });
    await shapeCheck().getByText("live: not yet").waitFor({ timeout: 30_000 });
    await typeInTerminal("kubectl expose deployment kubia --port 80 --target-port 8080");
    await shapeCheck().getByText("live: passing").waitFor({ timeout: 30_000 });
  });
});
