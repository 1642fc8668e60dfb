// The player's Browser tab (issue 17), in real Chromium against the production build, a real
// runner and a real cluster of the ingress lab: the learner's Ingress host opens in the tab
// and shows a kubia pod, reloads show the Service spreading, and every address that is not
// the learner's own environment is refused without a request being sent. The isolation
// targets are made by this test on this machine (test/support/network-targets.ts, and a
// container on a Docker network of its own standing in for another environment).
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { GenericContainer, Network } from "testcontainers";
import type { StartedNetwork, StartedTestContainer } from "testcontainers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listClusters, removeCluster } from "../../runner/src/cluster/cluster-store.ts";
import { imageName } from "../../runner/src/images/catalogue.ts";
import { docker } from "../../runner/src/util/docker.ts";
import { seriousAccessibilityProblems } from "../support/accessibility.ts";
import { freePort, startApp, type StartedApp } from "../support/app-server.ts";
import { launchChromium } from "../support/chromium.ts";
import {
  HOST_ANSWER,
  hostAddresses,
  OUTSIDE_ANSWER,
  startNetworkTargets,
  type StartedNetworkTargets,
} from "../support/network-targets.ts";

const shots =
  process.env.KINDLING_SHOTS_DIR ?? path.resolve(import.meta.dirname, "../../test-results");
const MINUTES = 60_000;

let dataDir: string;
let runnerHome: string;
let labsDir: string;
let profileDir: string;
let app: StartedApp;
let browser: BrowserContext;
let page: Page;
let targets: StartedNetworkTargets;
let otherNetwork: StartedNetwork;
let otherEnvironment: StartedTestContainer;
let nodeAddress = "";

const work = () => page.getByRole("region", { name: "Lab environment" });
const panel = () => work().getByRole("tabpanel", { name: "Browser" });
const shot = (name: string) => page.screenshot({ path: path.join(shots, `browser-${name}.png`) });

/** Types an address into the tab and waits for its answer (or refusal). */
async function visit(url: string): Promise<string> {
  await panel().getByLabel("Address").fill(url);
  await panel().getByRole("button", { name: "Go" }).click();
  await panel().getByText("Loading…").waitFor({ state: "detached", timeout: 60_000 });
  return panel().innerText();
}

/** The gateway (the host's own address) of the Docker network a container address is on. */
async function gatewayOf(address: string): Promise<string> {
  const engine = await docker();
  for (const summary of await engine.listNetworks()) {
    const network = await engine.getNetwork(summary.Id).inspect();
    const members = Object.values(
      (network.Containers ?? {}) as Record<string, { IPv4Address?: string }>,
    );
    if (members.some((c) => c.IPv4Address?.startsWith(`${address}/`)))
      return (network.IPAM?.Config ?? [])[0]?.Gateway ?? "";
  }
  throw new Error(`no Docker network holds ${address}`);
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "kindling-browser-data-"));
  runnerHome = await mkdtemp(path.join(tmpdir(), "kindling-browser-runner-"));
  profileDir = await mkdtemp(path.join(tmpdir(), "kindling-browser-chromium-"));
  await mkdir(shots, { recursive: true });
  // The ingress lab as it is (its first step links to the Browser tab), alone in a labs folder.
  labsDir = await mkdtemp(path.join(tmpdir(), "kindling-browser-labs-"));
  await cp(path.resolve(import.meta.dirname, "../../labs/ingress"), path.join(labsDir, "ingress"), {
    recursive: true,
  });
  // Step 1's file is a skeleton the learner completes; this test is about the Browser tab, so
  // its copy of the step shows the finished answer, which Apply then creates.
  const stepFile = path.join(labsDir, "ingress/steps/01-first-ingress.md");
  const answer = await readFile(
    path.join(labsDir, "ingress/solution/01/kubia-ingress.yaml"),
    "utf8",
  );
  const step = await readFile(stepFile, "utf8");
  const finished = step.replace(
    /```yaml file=kubia-ingress\.yaml skeleton\n[\s\S]*?```/,
    `\`\`\`yaml file=kubia-ingress.yaml\n${answer.trimEnd()}\n\`\`\``,
  );
  if (finished === step) throw new Error("the ingress lab's first step has no skeleton to finish");
  await writeFile(stepFile, finished);
  targets = await startNetworkTargets(process.pid);
  otherNetwork = await new Network().start();
  otherEnvironment = await new GenericContainer(imageName("nginx"))
    .withNetwork(otherNetwork)
    .start();
  process.env.KINDLING_RUNNER_PORT = String(await freePort());
  process.env.KINDLING_HOME = runnerHome;
  process.env.KINDLING_POOL = "";
  // A cold production build on a busy two-core host takes longer than the default bound.
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
  await otherEnvironment?.stop({ remove: true });
  await otherNetwork?.stop();
  await targets?.[Symbol.asyncDispose]();
  for (const dir of [dataDir, profileDir, runnerHome, labsDir])
    if (dir) await rm(dir, { recursive: true, force: true });
}, 5 * MINUTES);

describe("the Browser tab", () => {
  it(
    "opens the learner's Ingress host and shows a kubia pod",
    async () => {
      await page.goto(`${app.url}/sign-up`);
      await page.getByLabel("Name").fill("Bea Browser");
      await page.getByLabel("Email").fill("bea@example.org");
      await page.getByLabel("Password").fill("correct horse battery");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByTestId("signed-in-as").waitFor();
      await page.goto(`${app.url}/labs/ingress/play`);
      await page.getByRole("button", { name: "Start lab" }).click();
      await page.waitForURL(/\/sessions\/[a-z0-9]+$/);
      await work()
        .getByRole("tab", { name: "Terminal 1" })
        .waitFor({ timeout: 12 * MINUTES });

      // The step's browser: link opens the tab at its address. Before the Ingress exists, its
      // host is not the environment's: refused, with why.
      await page.getByRole("link", { name: "kubia.example.com in the Browser tab" }).click();
      await panel().getByText("Refused: not in your environment").waitFor({ timeout: 60_000 });
      expect(await panel().getByLabel("Address").inputValue()).toBe("http://kubia.example.com/");
      expect(await panel().innerText()).toMatch(
        /Refused: not in your environment[\s\S]*No Ingress or HTTPRoute in your cluster names kubia\.example\.com/,
      );

      await page.getByRole("button", { name: "Open in editor" }).first().click();
      await work().getByRole("button", { name: "Apply to cluster" }).click();
      await work()
        .getByText(/Applied: ingress.networking.k8s.io\/kubia created/)
        .waitFor({
          timeout: 90_000,
        });
      await work().getByRole("tab", { name: "Browser" }).click();
      // Traefik takes a moment to load a new Ingress: reload as a learner would.
      await expect
        .poll(async () => visit("http://kubia.example.com/"), {
          timeout: 2 * MINUTES,
          interval: 3000,
        })
        .toMatch(/You've hit kubia-/);
      const text = await panel().innerText();
      expect(text).toMatch(/^200 text\/plain/m);
      expect(text).toMatch(
        /Via the ingress controller on node \S+-worker, as host kubia\.example\.com/,
      );
      expect(text).toMatch(/Host: kubia\.example\.com/);
      expect(text).toMatch(
        /sent from \d+\.\d+\.\d+\.\d+; the backend sees the ingress controller's pod address/,
      );
      nodeAddress = /to (\d+\.\d+\.\d+\.\d+):80 /.exec(text)?.[1] ?? "";
      expect(nodeAddress).not.toBe("");
      await shot("01-kubia");
    },
    16 * MINUTES,
  );

  it("reloads show the Service spreading over its pods", async () => {
    const pods = new Set<string>();
    for (let i = 0; i < 8 && pods.size < 2; i++) {
      await panel().getByRole("button", { name: "Reload" }).click();
      await panel().getByText("Loading…").waitFor({ state: "detached", timeout: 60_000 });
      const answered = /You've hit (kubia-[a-z0-9-]+)/.exec(
        await panel().locator("pre").first().innerText(),
      );
      if (answered) pods.add(answered[1]!);
    }
    expect(pods.size).toBeGreaterThanOrEqual(2);
    const history = await panel().getByRole("region", { name: "Recent answers" }).innerText();
    expect(new Set(history.match(/kubia-[a-z0-9]+-[a-z0-9]+/g)).size).toBeGreaterThanOrEqual(2);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await shot("02-spread");
  });

  it(
    "shows an HTML page inert, in a sandboxed frame",
    async () => {
      // A second host, made in the terminal as the learner would.
      await work().getByRole("tab", { name: "Terminal 1" }).click();
      await work().locator(".xterm-helper-textarea").first().focus();
      await page.keyboard.type(
        "kubectl create ingress nginx --rule='nginx.example.com/*=nginx:80'\r",
      );
      await work().getByRole("tab", { name: "Browser" }).click();
      await expect
        .poll(async () => visit("http://nginx.example.com/"), {
          timeout: 2 * MINUTES,
          interval: 3000,
        })
        .toMatch(/^200 text\/html/m);
      const frame = panel().locator("iframe");
      expect(await frame.getAttribute("sandbox")).toBe("");
      await page
        .frameLocator('iframe[title="Page at http://nginx.example.com/"]')
        .getByText("Welcome to nginx!")
        .first()
        .waitFor();
      // The page cannot load anything on its own: the frame carries a policy forbidding it.
      const policy = page
        .frameLocator('iframe[title="Page at http://nginx.example.com/"]')
        .locator('meta[http-equiv="Content-Security-Policy"]');
      expect(await policy.getAttribute("content")).toMatch(/^default-src 'none'/);
      // The list of recent answers names an HTML page by its title, not its first markup.
      const history = await panel().getByRole("region", { name: "Recent answers" }).innerText();
      expect(history).toMatch(/nginx\.example\.com\/ — 200: Welcome to nginx!/);
      expect(history).not.toContain("<!DOCTYPE");
      await shot("03-html-page");
    },
    4 * MINUTES,
  );

  it(
    "refuses the host, its gateway, another environment, the outside and link-local, sending nothing",
    async () => {
      // Controls: each target really answers, from a container with no fence or from here.
      expect(
        (await targets.curlUnfenced(`http://${targets.outside}:${targets.outsidePort}/`)).output,
      ).toContain(OUTSIDE_ANSWER);
      expect(await (await fetch(`http://127.0.0.1:${targets.port}/`)).text()).toContain(
        HOST_ANSWER,
      );
      const neighbour = otherEnvironment.getIpAddress(otherNetwork.getName());
      const gateway = await gatewayOf(nodeAddress);
      const [a, b, c, d] = targets.outside.split(".").map(Number) as [
        number,
        number,
        number,
        number,
      ];
      const refused: [string, RegExp][] = [
        [`http://${gateway}:${targets.port}/`, /not one of your environment's addresses/],
        [`http://${targets.controlGateway}:${targets.port}/`, /not one of your environment's/],
        ...hostAddresses([gateway, targets.controlGateway])
          .slice(0, 2)
          .map((h): [string, RegExp] => [`http://${h}:${targets.port}/`, /environment/]),
        [`http://${neighbour}/`, /another learner's environment/],
        [`http://${targets.outside}:${targets.outsidePort}/`, /outside your environment/],
        [`http://${a * 2 ** 24 + b * 2 ** 16 + c * 256 + d}:${targets.outsidePort}/`, /outside/],
        [`http://${targets.linkLocal}:${targets.outsidePort}/`, /link-local/],
        ["http://169.254.169.254/latest/meta-data/", /link-local/],
        [`http://[::ffff:${nodeAddress}]/`, /IPv6/],
        ["http://host.docker.internal/", /never looks names up in DNS/],
      ];
      for (const [url, reason] of refused) {
        const text = await visit(url);
        expect(text, url).toMatch(/Refused: not in your environment/);
        expect(text, url).toMatch(reason);
        expect(text, url).not.toMatch(new RegExp(`${HOST_ANSWER}|${OUTSIDE_ANSWER}`));
      }
      await shot("04-refused");
      expect(await seriousAccessibilityProblems(page)).toEqual([]);

      // localhost is the workstation's (where port-forwards listen), never the runner's host:
      // the host service on that port is not what answers.
      const local = await visit(`http://localhost:${targets.port}/`);
      expect(local).toMatch(/No answer[\s\S]*in your workstation/);
      expect(local).not.toContain(HOST_ANSWER);
    },
    5 * MINUTES,
  );
});
