/** Every container, network and volume Kindling creates carries these, so it can be found and reaped. */
export const OWNER_LABEL = "dev.kindling.owner";
export const OWNER = "kindling";
export const CLUSTER_LABEL = "dev.kindling.cluster";
export const ROLE_LABEL = "dev.kindling.role";

export type NodeRole = "control-plane" | "worker";

export function clusterLabels(cluster: string, role: string): Record<string, string> {
  return { [OWNER_LABEL]: OWNER, [CLUSTER_LABEL]: cluster, [ROLE_LABEL]: role };
}

export const CLUSTER_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

export function assertClusterName(name: string): void {
  if (!CLUSTER_NAME.test(name)) {
    throw new Error(
      `invalid cluster name "${name}": use 2–32 lower-case letters, digits and dashes, starting with a letter`,
    );
  }
}

export function nodeNames(cluster: string, workers: number): { name: string; role: NodeRole }[] {
  const nodes: { name: string; role: NodeRole }[] = [
    { name: `${cluster}-control-plane`, role: "control-plane" },
  ];
  for (let i = 1; i <= workers; i += 1)
    nodes.push({
      name: `${cluster}-worker${i === 1 ? "" : i}`,
      role: "worker",
    });
  return nodes;
}

/** Docker object names are prefixed so they never clash with a user's own containers. */
export const containerName = (node: string) => `kindling-${node}`;
export const networkName = (cluster: string) => `kindling-${cluster}`;
