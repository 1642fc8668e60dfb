// The runner section of `npm run bench`: real environments on this machine's Docker.
// Prints cold start (request → terminal prompt) and warm-pool start p50/p95, reset time,
// memory per environment (docker stats of its containers) and how many environments of
// each topology this host's memory holds — an estimate from those figures, shown as one —
// and how many a 24 GiB host holds under the environment budgets, idle and with every
// learner pod at its limit (runner/src/cluster/environment-budget.ts).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir, totalmem } from "node:os";
import path from "node:path";
import { RunnerClient } from "../runner/src/protocol/runner-client.ts";
import { removeCluster } from "../runner/src/cluster/cluster-store.ts";
import {
  environmentBudget,
  environmentsPerHost,
  HOST_RESERVE,
} from "../runner/src/cluster/environment-budget.ts";
import { CLUSTER_LABEL, ROLE_LABEL } from "../runner/src/cluster/labels.ts";
import { minutesToLimits } from "../runner/src/session/session-expiry.ts";
import { writeFixtureLab } from "../runner/src/session/fixture-lab.ts";
import { loadLabs } from "../runner/src/lab-format/lab-loader.ts";
import {
  runnerConfigFromEnv,
  type StartedRunnerServer,
  startRunnerServer,
} from "../runner/src/server.ts";
import type { EnvironmentDriver } from "../runner/src/session/environment-driver.ts";
import { planLab } from "../runner/src/session/lab-setup.ts";
import { topologyKey } from "../runner/src/session/topology.ts";
import { TerminalClient } from "../runner/src/terminal/terminal-client.ts";
import { docker, dockerReachable } from "../runner/src/util/docker.ts";
import { percentile } from "./lib/bench-figures.ts";

const SECRET = "bench-secret-0123456789abcdef0123456789";
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function report(label: string, times: number[]): void {
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} n=${times.length}  p50 ${secs(percentile(sorted, 50))}  p95 ${secs(percentile(sorted, 95))}`,
  );
}

/** Request → a shell prompt in the browser terminal: what a learner waits for. */
export async function timedStart(
  api: RunnerClient,
  lab: string,
): Promise<{ id: string; ms: number }> {
  const started = performance.now();
  const { id } = await api.createSession(lab, "bench");
  const view = await api.waitUntilSettled(id);
  if (view.state !== "ready") throw new Error(`session ${id} ${view.state}: ${view.reason}`);
  const term = await TerminalClient.connect((await api.terminalToken(id)).url);
  await term.waitFor(/learner@workstation[^$]*\$ /, 60_000);
  const ms = performance.now() - started;
  await term.close();
  return { id, ms };
}

interface EnvironmentMemory {
  total: number;
  nodes: number;
  /** Inactive page cache in the node's own cgroups (pods, containerd): reclaimable. */
  nestedCache: number;
}

/**
 * Memory in use by an environment's containers, inactive page cache excluded as `docker
 * stats` does: the whole, and the nodes' part (the workstation is the rest). On cgroup v1
 * a container's `inactive_file` counts only its top cgroup, while a node's page cache sits
 * in the cgroups nested below it (pods, containerd): `total_inactive_file` is the whole.
 */
async function environmentMemory(environment: string): Promise<EnvironmentMemory> {
  const engine = await docker();
  const containers = await engine.listContainers({
    filters: { label: [`${CLUSTER_LABEL}=${environment}`] },
  });
  let total = 0;
  let nodes = 0;
  let nestedCache = 0;
  for (const c of containers) {
    const stats = await engine.getContainer(c.Id).stats({ stream: false });
    const own = stats.memory_stats.stats?.inactive_file ?? 0;
    const cache = stats.memory_stats.stats?.total_inactive_file ?? own;
    const used = (stats.memory_stats.usage ?? 0) - cache;
    total += used;
    nestedCache += cache - own;
    if (c.Labels[ROLE_LABEL] !== "workstation") nodes += used;
  }
  return { total, nodes, nestedCache };
}

const HOST_24_GIB = 24 * 2 ** 30;

/**
 * Idle as measured; at the limit, every learner pod uses all its namespace's quota allows
 * and the workstation its whole limit, beside the nodes' measured idle use.
 */
function perHostLine(topology: string, workers: number, idle: EnvironmentMemory) {
  const budget = environmentBudget({ workers, addons: [] });
  const atLimit = idle.nodes + budget.learnerMemoryBytes + budget.workstation.memoryBytes;
  console.log(
    `${`environments per 24 GiB host (${topology})`.padEnd(34)} idle ≈ ${environmentsPerHost(HOST_24_GIB, idle.total)}, every pod at its limit ≈ ${environmentsPerHost(HOST_24_GIB, atLimit)} (${mib(atLimit)} each; budget formula's worst case ${mib(budget.worstCaseMemoryBytes)})`,
  );
}

/** A quiet runner on loopback for the bench: two environments, an hour's session. */
export function benchServer(
  home: string,
  labsDir: string,
  pool: string,
  driver?: EnvironmentDriver,
): Promise<StartedRunnerServer> {
  return startRunnerServer({
    host: "127.0.0.1",
    port: 0,
    home,
    labsDir,
    secret: SECRET,
    maxEnvironments: 2,
    pool,
    limits: minutesToLimits({ session: 60, max: 120, idle: 60, warning: 5, extend: 30 }),
    ...(driver ? { driver } : {}),
    log: () => {},
  });
}

/** The bench runners' API, as the site would call it. */
export const benchApi = (server: StartedRunnerServer) => new RunnerClient(server.url, SECRET);

export async function waitForPool(api: RunnerClient): Promise<void> {
  for (;;) {
    const { pool } = await api.capacity();
    if (pool.every((p) => p.ready >= p.target)) return;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

export async function benchRunner(runs: number): Promise<void> {
  const reachable = await dockerReachable();
  if (!reachable) {
    console.log(`${"runner section".padEnd(34)} skipped: Docker is not reachable`);
    return;
  }
  const home = await mkdtemp(path.join(tmpdir(), "kindling-bench-runner-"));
  const labsDir = path.join(home, "labs");
  await writeFixtureLab(labsDir, "bench-w0", 0);
  await writeFixtureLab(labsDir, "bench-w1", 1);
  const serve = (pool: string) => benchServer(home, labsDir, pool);
  let server: StartedRunnerServer | undefined;
  try {
    server = await serve("");
    let api = benchApi(server);
    const cold: number[] = [];
    const memory = new Map<string, EnvironmentMemory>();
    for (let i = 0; i < runs; i++) {
      const { id, ms } = await timedStart(api, "bench-w0");
      cold.push(ms);
      if (i === 0) {
        memory.set("w0", await environmentMemory(server.sessions.get(id).environment!));
        const resetStart = performance.now();
        await api.reset(id);
        await api.waitUntilSettled(id);
        console.log(
          `${"reset (no pool: destroy + create)".padEnd(34)} ${secs(performance.now() - resetStart)}`,
        );
      }
      await api.endSession(id);
    }
    report("cold start → terminal prompt (w0)", cold);
    const w1 = await timedStart(api, "bench-w1");
    console.log(`${"cold start → terminal prompt (w1)".padEnd(34)} ${secs(w1.ms)}`);
    memory.set("w1", await environmentMemory(server.sessions.get(w1.id).environment!));
    await api.endSession(w1.id);
    await server.stop();

    server = await serve("w0=1");
    api = benchApi(server);
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) {
      await waitForPool(api);
      const { id, ms } = await timedStart(api, "bench-w0");
      warm.push(ms);
      if (i === 0) {
        // A reset with a ready pool environment swaps instead of re-creating.
        await waitForPool(api);
        const resetStart = performance.now();
        await api.reset(id);
        await api.waitUntilSettled(id);
        console.log(`${"reset (pool swap)".padEnd(34)} ${secs(performance.now() - resetStart)}`);
      }
      await api.endSession(id);
    }
    report("warm-pool start → prompt (w0)", warm);
    await server.sessions.whenIdle();

    const usable = totalmem() - HOST_RESERVE;
    for (const [topology, used] of memory) {
      console.log(
        `${`memory per environment (${topology})`.padEnd(34)} ${mib(used.total)}  → this host holds ≈ ${Math.floor(usable / used.total)} (estimate: ${mib(totalmem())} RAM − ${mib(HOST_RESERVE)} reserve, idle environments; ${mib(used.nestedCache)} more of inactive page cache not counted)`,
      );
      perHostLine(topology, Number(topology.slice(1)), used);
    }
  } finally {
    // Ending the sessions above removed their environments; this removes the pool's.
    if (server) {
      for (const s of server.sessions.list()) await server.sessions.end(s.id).catch(() => {});
      await server.stop();
      const engine = await docker();
      const runnerId = server.sessions.runnerId;
      for (const c of await engine.listContainers({ all: true })) {
        const name = c.Labels[CLUSTER_LABEL];
        if (name?.startsWith(`k${runnerId}-`)) await removeCluster(name);
      }
    }
    await rm(home, { recursive: true, force: true });
  }
  await benchDefaultStart(runs);
}

/**
 * Start → prompt as `npm start` serves it with its default settings: the real catalogue and
 * the automatic warm pool, timed once the pool is ready (a learner who arrives later).
 */
export async function benchDefaultStart(runs: number): Promise<void> {
  const home = await mkdtemp(path.join(tmpdir(), "kindling-bench-defaults-"));
  const config = {
    ...runnerConfigFromEnv(),
    host: "127.0.0.1",
    port: 0,
    home,
    secret: SECRET,
    log: (line: string) => {
      if (line.startsWith("warm pool")) console.log(`${"npm start defaults".padEnd(34)} ${line}`);
    },
  };
  const server = await startRunnerServer(config);
  try {
    const api = benchApi(server);
    const pooled = (await api.capacity()).pool.find((p) => p.target > 0);
    if (!pooled) return;
    const lab = await labOfTopology(config.labsDir, pooled.topology);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      await waitForPool(api);
      const { id, ms } = await timedStart(api, lab);
      times.push(ms);
      await api.endSession(id);
    }
    report(`default start → prompt (${lab})`, times);
  } finally {
    for (const s of server.sessions.list()) await server.sessions.end(s.id).catch(() => {});
    await server.sessions.whenIdle();
    await server.stop();
    const runnerId = server.sessions.runnerId;
    for (const c of await (await docker()).listContainers({ all: true })) {
      const name = c.Labels[CLUSTER_LABEL];
      if (name?.startsWith(`k${runnerId}-`)) await removeCluster(name);
    }
    await rm(home, { recursive: true, force: true });
  }
}

async function labOfTopology(labsDir: string, topology: string): Promise<string> {
  for (const loaded of await loadLabs(labsDir)) {
    if (loaded.ok && topologyKey((await planLab(labsDir, loaded.slug)).topology) === topology)
      return loaded.slug;
  }
  throw new Error(`no lab of topology ${topology}`);
}
