// The Kubernetes backend's section of `npm run bench`: a host cluster made here (one
// control plane, two workers sized for environments), a runner whose sessions live on it,
// and the figures the Docker section gives beside it: cold start and warm-pool start to a
// terminal prompt, Check on a passing resource step, and host memory per environment (the
// growth of the host worker that holds it, inactive page cache excluded as `docker stats`
// does). Everything is removed afterwards.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { containerName } from "../runner/src/cluster/labels.ts";
import { namespaceOf } from "../runner/src/kube-backend/environment-objects.ts";
import { hostApi, useHostKubeconfig } from "../runner/src/kube-backend/host-api.ts";
import { createHostCluster } from "../runner/src/kube-backend/host-cluster.ts";
import { kubeEnvironmentDriver } from "../runner/src/kube-backend/kube-driver.ts";
import { KubeEnvironment } from "../runner/src/kube-backend/kube-environment.ts";
import type { StartedRunnerServer } from "../runner/src/server.ts";
import { FIXTURE_CONFIGMAP, writeCheckedFixtureLab } from "../runner/src/session/fixture-lab.ts";
import { docker, dockerReachable } from "../runner/src/util/docker.ts";
import { measure } from "./lib/bench-figures.ts";
import { benchApi, benchServer, report, timedStart, waitForPool } from "./bench-runner.ts";

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** A host node container's memory in use, inactive page cache (nested cgroups too) excluded. */
async function nodeMemory(node: string): Promise<number> {
  const stats = await (await docker()).getContainer(containerName(node)).stats({ stream: false });
  const cache =
    stats.memory_stats.stats?.total_inactive_file ?? stats.memory_stats.stats?.inactive_file ?? 0;
  return (stats.memory_stats.usage ?? 0) - cache;
}

async function hostNodeOf(environment: string): Promise<string> {
  const api = await hostApi();
  const pods = await api.core.listNamespacedPod({ namespace: namespaceOf(environment) });
  const node = pods.items[0]?.spec?.nodeName;
  if (!node) throw new Error(`environment ${environment} has no scheduled pod`);
  return node;
}

export async function benchKube(runs: number): Promise<void> {
  if (!(await dockerReachable())) {
    console.log(`${"kubernetes backend section".padEnd(34)} skipped: Docker is not reachable`);
    return;
  }
  const home = await mkdtemp(path.join(tmpdir(), "kindling-bench-kube-"));
  const labsDir = path.join(home, "labs");
  await writeCheckedFixtureLab(labsDir, "bench-check");
  const hostStart = performance.now();
  const host = await createHostCluster(`bench-khost`, { workers: 2 });
  console.log(
    `${"host cluster (1+2) made, images in".padEnd(34)} ${((performance.now() - hostStart) / 1000).toFixed(0)} s`,
  );
  useHostKubeconfig(await host.writeKubeconfig());
  const serve = (pool: string) => benchServer(home, labsDir, pool, kubeEnvironmentDriver);
  let server: StartedRunnerServer | undefined;
  try {
    const idle = new Map<string, number>();
    for (const worker of host.nodes.filter((n) => n.role === "worker"))
      idle.set(worker.name, await nodeMemory(worker.name));

    server = await serve("");
    let api = benchApi(server);
    const cold: number[] = [];
    for (let i = 0; i < runs; i++) {
      const { id, ms } = await timedStart(api, "bench-check");
      cold.push(ms);
      if (i === 0) {
        const environment = server.sessions.get(id).environment!;
        const node = await hostNodeOf(environment);
        const grown = (await nodeMemory(node)) - (idle.get(node) ?? 0);
        console.log(
          `${"host memory per environment (w0)".padEnd(34)} ${mib(grown)} (growth of host node ${node}, idle environment)`,
        );
        await api.call("applyFile", {
          params: { id },
          body: { name: "made.yaml", content: FIXTURE_CONFIGMAP, dryRun: false },
        });
        await measure("Check, passing resource step (kube)", 10, async () => {
          const answer = await api.call("checkStep", {
            params: { id, stepId: "make" },
            body: {},
          });
          if (!answer.passed) throw new Error("verdict changed");
        });
      }
      await api.endSession(id);
      await KubeEnvironment.waitGone(server.sessions.get(id).environment!);
    }
    report("cold start → prompt (kube, w0)", cold);
    await server.stop();

    server = await serve("w0=1");
    api = benchApi(server);
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) {
      await waitForPool(api);
      const { id, ms } = await timedStart(api, "bench-check");
      warm.push(ms);
      await api.endSession(id);
    }
    report("warm-pool start → prompt (kube, w0)", warm);
    await server.sessions.whenIdle();
  } finally {
    if (server) {
      for (const s of server.sessions.list()) await server.sessions.end(s.id).catch(() => {});
      await server.stop();
    }
    await host.delete();
    await rm(home, { recursive: true, force: true });
  }
}
