// The cluster's nodes as Kubernetes reports them: NodePorts are probed on each node's
// InternalIP (not localhost), and EndpointSlices name nodes by their Kubernetes name.
import type { GradingTarget } from "./grading-target.ts";
import { viaReader } from "./kubectl-json.ts";

export interface ClusterNodeAddress {
  name: string;
  ip: string;
  role: "control-plane" | "worker";
}

interface NodeJson {
  metadata: { name: string; labels?: Record<string, string> };
  status?: { addresses?: { type: string; address: string }[] };
}

export async function readNodes(target: GradingTarget): Promise<ClusterNodeAddress[]> {
  return (await nodeObjects(target))
    .map((n) => ({
      name: n.metadata.name,
      ip: n.status?.addresses?.find((a) => a.type === "InternalIP")?.address ?? "",
      role:
        n.metadata.labels && "node-role.kubernetes.io/control-plane" in n.metadata.labels
          ? ("control-plane" as const)
          : ("worker" as const),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function nodeObjects(target: GradingTarget): Promise<NodeJson[]> {
  const read = await viaReader(target, (reader) => reader.list("nodes"));
  if (read.ok) return read.value as unknown as NodeJson[];
  const result = await target.kubectl(["get", "nodes", "-o", "json"]);
  if (result.exitCode !== 0) throw new Error(`kubectl get nodes failed: ${result.stderr.trim()}`);
  return (JSON.parse(result.stdout) as { items: NodeJson[] }).items;
}
