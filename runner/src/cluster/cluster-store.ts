import type Dockerode from "dockerode";
import { docker } from "../util/docker.ts";
import { syncNetworkFence } from "./network-fence.ts";
import { CLUSTER_LABEL, OWNER, OWNER_LABEL, ROLE_LABEL } from "./labels.ts";

export interface ClusterNode {
  name: string;
  role: string;
  id: string;
  ip: string;
  state: string;
}

export interface ClusterSummary {
  name: string;
  nodes: ClusterNode[];
  apiServerPort?: number;
}

/** Docker is the source of truth: a cluster is the set of containers carrying its label. */
export async function listClusters(): Promise<ClusterSummary[]> {
  const engine = await docker();
  const containers = await engine.listContainers({
    all: true,
    filters: { label: [`${OWNER_LABEL}=${OWNER}`, CLUSTER_LABEL] },
  });
  const clusters = new Map<string, ClusterSummary>();
  for (const c of containers) {
    const name = c.Labels[CLUSTER_LABEL]!;
    const role = c.Labels[ROLE_LABEL] ?? "unknown";
    if (role !== "control-plane" && role !== "worker") continue;
    const cluster = clusters.get(name) ?? { name, nodes: [] };
    const network = Object.values(c.NetworkSettings?.Networks ?? {})[0];
    cluster.nodes.push({
      name: (c.Names[0] ?? "").replace(/^\/kindling-/, ""),
      role,
      id: c.Id,
      ip: network?.IPAddress ?? "",
      state: c.State,
    });
    const api = c.Ports.find((p) => p.PrivatePort === 6443 && p.PublicPort);
    if (api) cluster.apiServerPort = api.PublicPort;
    clusters.set(name, cluster);
  }
  for (const cluster of clusters.values()) {
    cluster.nodes.sort((a, b) =>
      a.role === b.role ? a.name.localeCompare(b.name) : a.role === "control-plane" ? -1 : 1,
    );
  }
  return [...clusters.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function findCluster(name: string): Promise<ClusterSummary | undefined> {
  return (await listClusters()).find((c) => c.name === name);
}

async function removeLabelled(engine: Dockerode, filter: string): Promise<number> {
  let removed = 0;
  const containers = await engine.listContainers({
    all: true,
    filters: { label: [filter] },
  });
  await Promise.all(
    containers.map(async (c) => {
      await engine.getContainer(c.Id).remove({ force: true, v: true });
      removed += 1;
    }),
  );
  const { Volumes } = await engine.listVolumes({
    filters: { label: [filter] },
  });
  await Promise.all((Volumes ?? []).map((v) => engine.getVolume(v.Name).remove()));
  const networks = await engine.listNetworks({ filters: { label: [filter] } });
  await Promise.all(networks.map((n) => engine.getNetwork(n.Id).remove()));
  return removed + (Volumes?.length ?? 0) + networks.length;
}

/** Removes every container, volume and network of a cluster; returns how many objects went. */
export async function removeCluster(name: string): Promise<number> {
  const engine = await docker();
  await detachShared(engine, name);
  const removed = await removeLabelled(engine, `${CLUSTER_LABEL}=${name}`);
  await syncNetworkFence({ mode: "tidy" });
  return removed;
}

/** Containers shared between clusters (the registry mirror) leave the cluster's network first. */
async function detachShared(engine: Dockerode, cluster: string): Promise<void> {
  const networks = await engine.listNetworks({
    filters: { label: [`${CLUSTER_LABEL}=${cluster}`] },
  });
  for (const n of networks) {
    const details = await engine.getNetwork(n.Id).inspect();
    for (const id of Object.keys(details.Containers ?? {})) {
      const inspected = await engine
        .getContainer(id)
        .inspect()
        .catch(() => undefined);
      if (inspected && inspected.Config.Labels[CLUSTER_LABEL] !== cluster) {
        await engine
          .getNetwork(n.Id)
          .disconnect({ Container: id, Force: true })
          .catch(() => {});
      }
    }
  }
}
