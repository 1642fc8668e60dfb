// Kindling deployed on Kubernetes (issue 15): a host cluster made here (a Kindling cluster,
// two workers, the app's images loaded as `kindling host create --image` does), the
// operator's steps from the README (namespace, secrets, `kubectl apply -k deploy/kubernetes`),
// then in real Chromium a learner signs up through the deployed web app, starts the course's
// first lab — an environment the deployed runner makes as pods of that same cluster — and
// gets a shell prompt. Ending the lab leaves no environment on the host.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartedKindCluster } from "../../runner/src/cluster/started-kind-cluster.ts";
import { useHostKubeconfig } from "../../runner/src/kube-backend/host-api.ts";
import { createHostCluster } from "../../runner/src/kube-backend/host-cluster.ts";
import { KubeEnvironment } from "../../runner/src/kube-backend/kube-environment.ts";
import { runOrThrow } from "../../runner/src/util/run.ts";
import { launchChromium } from "../support/chromium.ts";
import { buildComposeImages, repoRoot } from "../compose/compose-stack.ts";

const MINUTES = 60_000;
const screenshots = path.join(repoRoot, "test-results");
const APP_IMAGES = ["kindling/compose-app:local", "kindling/compose-postgres:local"];
const NAMESPACE = "kindling";

let host: StartedKindCluster | undefined;
let profileDir = "";
let browser: BrowserContext | undefined;
let page: Page;
let appUrl = "";

const kubectl = (...args: string[]) => host!.kubectl(args);

/**
 * Storage for the database's claim: this host cluster has no provisioner (an operator's
 * cluster brings its default storage class), so a volume on a node's disk waits for it.
 */
const volume = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: kindling-deploy-test
spec:
  capacity: { storage: 2Gi }
  accessModes: [ReadWriteOnce]
  hostPath: { path: /var/lib/kindling-deploy-test, type: DirectoryOrCreate }
`;

async function firstLab(): Promise<string> {
  const course = parse(await readFile(path.join(repoRoot, "labs/course.yaml"), "utf8")) as {
    labs: string[];
  };
  return course.labs[0]!;
}

beforeAll(async () => {
  const built = await buildComposeImages();
  console.log(`kubernetes deploy: app images built (or found current) in ${built.toFixed(1)} s`);
  const started = performance.now();
  host = await createHostCluster(`kdeploy-${process.pid % 10000}`, {
    workers: 2,
    images: APP_IMAGES,
    progress: (step) => console.log(`kubernetes deploy: ${step}`),
  });
  useHostKubeconfig(await host.writeKubeconfig());
  console.log(
    `kubernetes deploy: host cluster with images in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  profileDir = await mkdtemp(path.join(tmpdir(), "kindling-kube-chromium-"));
}, 40 * MINUTES);

afterAll(async () => {
  await browser?.close();
  await host?.delete();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
}, 10 * MINUTES);

describe("Kindling deployed on Kubernetes", () => {
  it("deploys with the README's steps and `kubectl apply -k`", async () => {
    const started = performance.now();
    await host!.apply(volume, "the test's volume");
    // The README's steps: the namespace, then the secrets (never in the manifests).
    await kubectl("create", "namespace", NAMESPACE);
    const secret = () => randomBytes(32).toString("hex");
    await kubectl(
      "-n",
      NAMESPACE,
      "create",
      "secret",
      "generic",
      "kindling-secrets",
      `--from-literal=runner-secret=${secret()}`,
      `--from-literal=auth-secret=${secret()}`,
      `--from-literal=postgres-password=${secret()}`,
    );
    // kubectl runs in the control-plane node: the manifests go there first.
    const target = `/kind/deploy-kubernetes-${process.pid}`;
    await runOrThrow("docker", [
      "cp",
      path.join(repoRoot, "deploy/kubernetes"),
      `${host!.controlPlane.id}:${target}`,
    ]);
    await kubectl("apply", "-k", target);
    for (const workload of [
      "statefulset/kindling-postgres",
      "deployment/kindling-runner",
      "deployment/kindling-web",
    ])
      await kubectl("-n", NAMESPACE, "rollout", "status", workload, "--timeout=600s");
    const address = await kubectl(
      "get",
      "nodes",
      "-l",
      "!node-role.kubernetes.io/control-plane",
      "-o",
      'jsonpath={.items[0].status.addresses[?(@.type=="InternalIP")].address}',
    );
    appUrl = `http://${address.trim()}:30300`;
    const health = (await (await fetch(`${appUrl}/api/health`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    console.log(
      `kubernetes deploy: applied and ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    // The runner runs with its own service account, not as cluster admin.
    const account = await kubectl(
      "-n",
      NAMESPACE,
      "get",
      "pods",
      "-l",
      "app.kubernetes.io/name=kindling-runner",
      "-o",
      "jsonpath={.items[0].spec.serviceAccountName}",
    );
    expect(account).toBe("kindling-runner");
  });

  it("a learner signs up, starts the first lab and gets a shell prompt", async () => {
    expect(appUrl).not.toBe("");
    const lab = await firstLab();
    browser = await launchChromium(profileDir, { width: 1440, height: 900 });
    page = await browser.newPage();
    await page.goto(`${appUrl}/sign-up`);
    await page.getByLabel("Name").fill("Kubernetes Learner");
    await page.getByLabel("Email").fill("kube-learner@example.org");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByTestId("signed-in-as").waitFor();

    const started = performance.now();
    await page.goto(`${appUrl}/labs/${lab}/play`);
    await page.getByRole("button", { name: "Start lab" }).click();
    await page.waitForURL(/\/sessions\/[a-z0-9]+$/);
    const work = page.getByRole("region", { name: "Lab environment" });
    await work.getByRole("tab", { name: "Terminal 1" }).waitFor({ timeout: 10 * MINUTES });
    await work.getByText("Connected").waitFor({ timeout: 60_000 });
    const terminal = () => work.locator(".xterm-rows").first().innerText();
    await expect.poll(terminal, { timeout: 60_000 }).toMatch(/learner@workstation/);
    console.log(
      `kubernetes deploy: Start lab → prompt in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    await page.screenshot({ path: path.join(screenshots, "kubernetes-terminal.png") });
    // The environment is a namespace of the host cluster, made by the deployed runner.
    expect(await KubeEnvironment.names()).toHaveLength(1);
  });

  it("a new runner pod finds the session, and the terminal comes back", async () => {
    const before = await KubeEnvironment.names();
    const old = await kubectl(
      "-n",
      NAMESPACE,
      "get",
      "pods",
      "-l",
      "app.kubernetes.io/name=kindling-runner",
      "-o",
      "name",
    );
    await kubectl("-n", NAMESPACE, "delete", old.trim(), "--wait=true");
    await kubectl(
      "-n",
      NAMESPACE,
      "rollout",
      "status",
      "deployment/kindling-runner",
      "--timeout=300s",
    );
    // The new pod has no disk of the old one: what it knows came from the ConfigMap.
    const state = JSON.parse(
      await kubectl(
        "-n",
        NAMESPACE,
        "get",
        "configmap",
        "kindling-runner-state",
        "-o",
        "jsonpath={.data.state\\.json}",
      ),
    ) as { sessions: { environment?: string; state: string }[] };
    expect(state.sessions.map((s) => [s.environment, s.state])).toEqual([[before[0], "ready"]]);
    await page.reload();
    const work = page.getByRole("region", { name: "Lab environment" });
    await work.getByText("Connected").waitFor({ timeout: 2 * MINUTES });
    await work.locator(".xterm-helper-textarea").first().focus();
    await page.keyboard.type("echo back-$((6*7))\r");
    await expect
      .poll(() => work.locator(".xterm-rows").first().innerText(), { timeout: 60_000 })
      .toContain("back-42");
    expect(await KubeEnvironment.names()).toEqual(before);
  });

  it("ending the lab leaves no environment on the host cluster", async () => {
    await page.getByRole("button", { name: "End", exact: true }).click();
    await page.getByText("Ended by you.").waitFor({ timeout: 5 * MINUTES });
    await expect
      .poll(() => KubeEnvironment.names(), { timeout: 5 * MINUTES, interval: 2000 })
      .toEqual([]);
    const left = await kubectl(
      "get",
      "pods",
      "-A",
      "-l",
      "dev.kindling.owner=kindling",
      "-o",
      "name",
    );
    expect(left.trim()).toBe("");
  });
});
