// Bounds on what a learner builds in their namespaces: a LimitRange gives every container
// requests and limits (so no pod is unbounded) and caps each one, and a ResourceQuota
// caps the namespace's totals inside the environment's budget (cluster/environment-budget.ts).
// Sized for the course: the largest lab runs five replicas plus probe pods and a rollout.
import { stringify } from "yaml";
import { LEARNER_MEMORY, MiB } from "../cluster/environment-budget.ts";

const mi = (bytes: number) => `${Math.floor(bytes / MiB)}Mi`;

export const LIMIT_RANGE = "kindling-learner-limits";
export const RESOURCE_QUOTA = "kindling-learner-quota";

/** Per container: what a pod gets when it names nothing, and the most it may ask. */
export const CONTAINER_LIMITS = {
  default: { memory: "64Mi", cpu: "500m", "ephemeral-storage": "512Mi" },
  defaultRequest: { memory: "16Mi", cpu: "25m", "ephemeral-storage": "0" },
  max: { memory: "256Mi", cpu: "1", "ephemeral-storage": "1Gi" },
};

/** Per namespace: object counts that bound the API server's and the nodes' work too. */
export const NAMESPACE_QUOTA: Record<string, string> = {
  pods: "24",
  services: "20",
  "services.loadbalancers": "5",
  "services.nodeports": "10",
  configmaps: "40",
  secrets: "20",
  persistentvolumeclaims: "5",
  "requests.storage": "5Gi",
  "limits.memory": mi(LEARNER_MEMORY),
  "limits.cpu": "8",
  "limits.ephemeral-storage": "4Gi",
};

export function learnerLimits(namespace: string): string {
  return [
    {
      apiVersion: "v1",
      kind: "LimitRange",
      metadata: { name: LIMIT_RANGE, namespace },
      spec: { limits: [{ type: "Container", ...CONTAINER_LIMITS }] },
    },
    {
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: { name: RESOURCE_QUOTA, namespace },
      spec: { hard: NAMESPACE_QUOTA },
    },
  ]
    .map((doc) => stringify(doc))
    .join("---\n");
}
