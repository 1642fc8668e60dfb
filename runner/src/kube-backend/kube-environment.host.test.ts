import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containerName } from "../cluster/labels.ts";
import { RunnerClient } from "../protocol/runner-client.ts";
import { type StartedRunnerServer, startRunnerServer } from "../server.ts";
import { minutesToLimits } from "../session/session-expiry.ts";
import { FIXTURE_CONFIGMAP, writeCheckedFixtureLab } from "../session/fixture-lab.ts";
import { TerminalClient } from "../terminal/terminal-client.ts";
import { docker } from "../util/docker.ts";
import { kubeEnvironmentDriver } from "./kube-driver.ts";
import type { StartedKindCluster } from "../cluster/started-kind-cluster.ts";
import { CLUSTER_LABEL } from "../cluster/labels.ts";
import { env } from "../env.ts";
import { namespaceOf } from "./environment-objects.ts";
import { hostApi, useHostKubeconfig } from "./host-api.ts";
import { createHostCluster } from "./host-cluster.ts";
import { KubeEnvironment } from "./kube-environment.ts";
import { HostStateStore } from "./host-state-store.ts";
import { proveOnHostCluster } from "./kube-proof-environment.ts";
import { loadLab } from "../lab-format/lab-loader.ts";
import { describeSessions } from "../../../test/support/session-suite.ts";

// Environments on a host cluster: where the host scheduler puts them, what is left when
// they go, labs proven on them, the runner's session suite (as on Docker), and a learner's
// session on one (terminal, Apply, Check, Reset step, a lost host node). The host is
// KINDLING_HOST_KUBECONFIG's when set (a developer's, made by `kindling host create`), else
// one made here and deleted afterwards.
const suffix = process.pid % 10000;
const names = [`kenv-a-${suffix}`, `kenv-b-${suffix}`];
let host: StartedKindCluster | undefined;
const environments: KubeEnvironment[] = [];

const parse = (quantity: string | undefined): number => {
  const match = /^(\d+)(Ki|Mi|Gi)?$/.exec(quantity ?? "");
  if (!match) throw new Error(`unexpected quantity ${quantity}`);
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[match[2] ?? ""] ?? 1;
  return Number(match[1]) * unit;
};

beforeAll(async () => {
  if (!env.KINDLING_HOST_KUBECONFIG) {
    host = await createHostCluster(`khost-${suffix}`, { workers: 2 });
    useHostKubeconfig(await host.writeKubeconfig());
  }
  for (const name of names)
    environments.push(await KubeEnvironment.create({ name, workers: 1, addons: [] }));
});

afterAll(async () => {
  await runner?.stop();
  for (const environment of environments) await environment.destroy().catch(() => {});
  await host?.delete();
  if (home) await rm(home, { recursive: true, force: true });
});

describe("environments on a host cluster", () => {
  it("gives each learner a working cluster from the workstation", async () => {
    const result = await environments[0]!
      .workstation()
      .exec(["sh", "-c", "kubectl get nodes --no-headers | wc -l"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe("2");
  });

  it("places two environments on different host nodes when one node cannot hold both", async () => {
    const api = await hostApi();
    const placed = await Promise.all(
      names.map(async (name) => {
        const pods = await api.core.listNamespacedPod({ namespace: namespaceOf(name) });
        const requested = pods.items
          .flatMap((p) => p.spec?.containers ?? [])
          .reduce((sum, c) => sum + parse(c.resources?.requests?.memory), 0);
        return { nodes: new Set(pods.items.map((p) => p.spec?.nodeName)), requested };
      }),
    );
    // Each environment sits on one host node, and the two on different ones.
    expect(placed.map((p) => p.nodes.size)).toEqual([1, 1]);
    const [a, b] = placed.map((p) => [...p.nodes][0]);
    expect(a).not.toBe(b);
    // The spreading was forced: no host node could have taken both.
    const node = await api.core.readNode({ name: a! });
    const allocatable = parse(node.status?.allocatable?.memory);
    expect(placed[0]!.requested + placed[1]!.requested).toBeGreaterThan(allocatable);
    // A third finds no room: a session would be refused at once, with the figures.
    expect(await kubeEnvironmentDriver.roomProblem!({ workers: 1, addons: [] })).toMatch(
      /^the host cluster has no room for this lab's environment now: it needs \d+ MiB of memory on one host node, and the most any has free is \d+ MiB/,
    );
  });

  it("leaves no object on the host once an environment is deleted", async () => {
    const api = await hostApi();
    const [first] = environments.splice(0, 1);
    await first!.destroy();
    await KubeEnvironment.waitGone(first!.name);
    const selector = `${CLUSTER_LABEL}=${first!.name}`;
    expect((await api.core.listNamespace({ labelSelector: selector })).items).toEqual([]);
    expect((await api.core.listPodForAllNamespaces({ labelSelector: selector })).items).toEqual([]);
    expect((await api.core.listServiceForAllNamespaces({ labelSelector: selector })).items).toEqual(
      [],
    );
    expect(await KubeEnvironment.names()).not.toContain(first!.name);
  });
});

// `kindling lab test` on this backend, as CI's proof that labs behave as on Docker: one lab
// each for NodePort, LoadBalancer (MetalLB on the environment's segment) and Ingress
// (Traefik), every case of each (solutions, alternatives, known-wrong answers), two at a
// time (a host worker holds one environment of any topology).
const PROVEN_HERE = ["nodeport", "loadbalancer", "ingress"];

describe("a runner's state on the host cluster", () => {
  it("is read back by a new runner, and a stale writer is refused", async () => {
    const name = `kstate-${suffix}`;
    const first = new HostStateStore("default", name);
    const state = await first.load();
    expect(state.sessions).toEqual([]);
    await first.save(state);
    // A new runner (a new pod) finds what the last one wrote.
    const second = new HostStateStore("default", name);
    expect((await second.load()).runnerId).toBe(state.runnerId);
    await second.save({
      ...state,
      pool: [{ environment: "e1", topology: "w0", state: "provisioning" }],
    });
    // The first, not having read that, may not overwrite it.
    await expect(first.save(state)).rejects.toThrow(/changed by someone else/);
    await (await hostApi()).core.deleteNamespacedConfigMap({ namespace: "default", name });
  });
});

/** The placement tests' environments give their host nodes back to what follows. */
async function releasePlacementEnvironments(): Promise<void> {
  for (const environment of environments.splice(0)) await environment.destroy();
  for (const name of names) await KubeEnvironment.waitGone(name);
}

describe("labs proven on the host cluster", () => {
  beforeAll(releasePlacementEnvironments);

  it(`proves ${PROVEN_HERE.join(", ")} as \`kindling lab test\` does`, async () => {
    const labsDir = path.resolve(import.meta.dirname, "../../../labs");
    const queue = [...PROVEN_HERE];
    const failed: string[] = [];
    const counts: string[] = [];
    const prove = async () => {
      for (let slug = queue.shift(); slug; slug = queue.shift()) {
        const loaded = await loadLab(labsDir, slug);
        if (!loaded.ok) throw new Error(`${slug} does not load`);
        const started = Date.now();
        const cases = await proveOnHostCluster(
          loaded.lab,
          path.join(labsDir, slug),
          `kproof-${slug.slice(0, 12)}-${suffix}`,
          { repeat: 1, keep: false, log: () => {} },
        );
        const passed = cases.filter((c) => c.passed).length;
        counts.push(
          `${slug} ${passed}/${cases.length} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
        );
        expect(cases.length).toBeGreaterThan(5);
        for (const c of cases.filter((c) => !c.passed))
          failed.push(`${slug}: ${c.name}: ${c.problems.join("; ")}`);
      }
    };
    await Promise.all([prove(), prove()]);
    console.log(`labs on the host cluster: ${counts.join(", ")}`);
    expect(failed).toEqual([]);
    expect(counts).toHaveLength(PROVEN_HERE.length);
  });
});

/** What the host cluster holds of an environment: its namespace, pods and Services. */
async function hostObjectsOf(environment: string): Promise<string[]> {
  const api = await hostApi();
  const labelSelector = `${CLUSTER_LABEL}=${environment}`;
  return [
    ...(await api.core.listNamespace({ labelSelector })).items.map(
      (n) => `namespace/${n.metadata?.name}`,
    ),
    ...(await api.core.listPodForAllNamespaces({ labelSelector })).items.map(
      (p) => `pod/${p.metadata?.name}`,
    ),
    ...(await api.core.listServiceForAllNamespaces({ labelSelector })).items.map(
      (s) => `service/${s.metadata?.name}`,
    ),
  ];
}

// The runner's session suite, as on Docker (session/sessions.int.test.ts).
describe("the session suite", () => {
  beforeAll(async () => {
    // It starts from an empty host, as on Docker: the proofs' namespaces may still be
    // terminating, holding a host worker's memory.
    await releasePlacementEnvironments();
    for (const name of await KubeEnvironment.names()) await KubeEnvironment.waitGone(name);
  });
  describeSessions({
    name: "a host cluster",
    driver: kubeEnvironmentDriver,
    async objectsOf(environment, untilGone) {
      // A namespace's deletion finishes after the session has answered.
      const deadline = Date.now() + (untilGone ? 180_000 : 0);
      let objects = await hostObjectsOf(environment);
      while (objects.length > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        objects = await hostObjectsOf(environment);
      }
      return objects;
    },
  });
});

const SECRET = "kube-backend-test-secret-0123456789abcdef";
let home = "";
let runner: StartedRunnerServer | undefined;
let api: RunnerClient;
let session = "";

describe("a learner's session on the host cluster", () => {
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), "kindling-kube-sessions-"));
    await writeCheckedFixtureLab(path.join(home, "labs"), "make-configmap");
    runner = await startRunnerServer({
      host: "127.0.0.1",
      port: 0,
      home,
      labsDir: path.join(home, "labs"),
      secret: SECRET,
      maxEnvironments: 1,
      pool: "",
      limits: minutesToLimits({ session: 60, max: 120, idle: 30, warning: 5, extend: 30 }),
      driver: kubeEnvironmentDriver,
      reapIntervalMs: 2000,
      log: () => {},
    });
    api = new RunnerClient(runner.url, SECRET);
  });

  const check = async () =>
    (await api.call("checkStep", { params: { id: session, stepId: "make" }, body: {} })).passed;

  it("starts on the host, and its terminal, Apply, Check and Reset step work", async () => {
    session = (await api.createSession("make-configmap", "alice")).id;
    const ready = await api.waitUntilSettled(session);
    expect(ready, JSON.stringify(ready)).toMatchObject({ state: "ready" });
    const environment = runner!.sessions.get(session).environment!;
    expect(await KubeEnvironment.names()).toContain(environment);

    expect(await check()).toBe(false);
    const applied = await api.call("applyFile", {
      params: { id: session },
      body: { name: "made.yaml", content: FIXTURE_CONFIGMAP, dryRun: false },
    });
    expect(applied, JSON.stringify(applied)).toMatchObject({ applied: true });
    expect(await check()).toBe(true);

    // The terminal is the learner's own cluster, with the file Apply saved in their home.
    const { url } = await api.terminalToken(session, 1);
    const term = await TerminalClient.connect(url);
    term.resize(120, 40);
    term.type(
      "kubectl get nodes -o name; kubectl get configmap made -o name; cat made.yaml; tmux display -p 'size #{client_width}x#{client_height}'; echo END-$((6*7))\r",
    );
    await term.waitFor(/END-42/, 60_000);
    expect(term.text).toContain(`node/${environment}-control-plane`);
    expect(term.text).toContain("configmap/made");
    expect(term.text).toContain("greeting: hello");
    expect(term.text).toContain("size 120x40");
    await term.close();

    // Reset step empties the learner's namespace: the check fails again.
    await api.call("resetStep", { params: { id: session, stepId: "make" }, body: {} });
    expect(await api.waitUntilSettled(session)).toMatchObject({ state: "ready" });
    expect(await check()).toBe(false);
  });

  it("ends the session with the reason when its host node is lost", async () => {
    const hostApiNow = await hostApi();
    const environment = runner!.sessions.get(session).environment!;
    const pods = await hostApiNow.core.listNamespacedPod({ namespace: namespaceOf(environment) });
    const hostNode = pods.items[0]!.spec!.nodeName!;
    // The host worker's container stops as a machine that loses power does.
    await (await docker()).getContainer(containerName(hostNode)).kill();
    const deadline = Date.now() + 180_000;
    let view = await api.session(session);
    while (view.state === "ready" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      view = await api.session(session);
    }
    expect(view).toMatchObject({ state: "failed" });
    expect(view.reason).toContain(
      `the host node running your environment (${hostNode}) stopped answering`,
    );
    // Its namespace goes, though the lost node never confirms its pods' end.
    await KubeEnvironment.waitGone(environment);
  });
});
