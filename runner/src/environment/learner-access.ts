import type { ExecResult } from "../cluster/node-exec.ts";
import { kindlingGrantRules } from "./learner-kinds.ts";
import { learnerLimits } from "./learner-limits.ts";

/** The Kubernetes user and group of every learner credential. */
export const LEARNER_USER = "learner";
export const LEARNER_GROUP = "kindling:learners";
/** Namespaces a learner works in, each with its LimitRange and ResourceQuota. */
export const LEARNER_NAMESPACES = ["default"];

/**
 * What a learner may do: read most of the cluster (nodes included, secrets excluded),
 * and build in their namespaces: the built-in `edit` role plus the kinds learner-kinds.ts
 * grants itself (hand-made Endpoints and EndpointSlices, the Gateway API).
 * Nothing lets them change namespaces, RBAC, quotas or admission, so the `baseline` Pod
 * Security level, the API server's default for every namespace
 * (cluster/pod-security-admission.ts), keeps privileged pods, host paths and host
 * networking away from the privileged node containers.
 */
export function learnerRbac(): string {
  const perNamespace = LEARNER_NAMESPACES.flatMap((ns) => [
    `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: kindling-learner-edit, namespace: ${ns} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: Group, name: "${LEARNER_GROUP}" }]`,
    `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: kindling-learner-networking, namespace: ${ns} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kindling-learner-networking }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: Group, name: "${LEARNER_GROUP}" }]`,
  ]);
  return [
    `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: kindling-learner-networking }
rules:
${kindlingGrantRules()
  .map(
    (rule) => `  - apiGroups: ${JSON.stringify(rule.apiGroups)}
    resources: ${JSON.stringify(rule.resources)}
    verbs: [get, list, watch, create, update, patch, delete]`,
  )
  .join("\n")}`,
    `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: kindling-learner-cluster-read }
rules:
  - apiGroups: [""]
    resources: [nodes, namespaces]
    verbs: [get, list, watch]
  - apiGroups: [networking.k8s.io]
    resources: [ingressclasses]
    verbs: [get, list, watch]
  - apiGroups: [gateway.networking.k8s.io]
    resources: [gatewayclasses]
    verbs: [get, list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [get, list, watch]`,
    `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: kindling-learner-cluster-read }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kindling-learner-cluster-read }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: Group, name: "${LEARNER_GROUP}" }]`,
    `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: kindling-learner-view }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: Group, name: "${LEARNER_GROUP}" }]`,
    ...perNamespace,
  ].join("\n---\n");
}

/** What granting needs of a cluster, on either backend (a StartedKindCluster is one). */
export interface ClusterAdmin {
  readonly controlPlane: { name: string };
  apply(manifest: string, what: string): Promise<unknown>;
  exec(node: string, command: string[]): Promise<ExecResult>;
}

/** Grants the learner's rights, bounds their namespaces and returns the learner's kubeconfig. */
export async function grantLearnerAccess(cluster: ClusterAdmin): Promise<string> {
  await cluster.apply(learnerRbac(), "learner RBAC");
  for (const ns of LEARNER_NAMESPACES) {
    await cluster.apply(learnerLimits(ns), `limits of namespace ${ns}`);
  }
  // A client certificate signed by the cluster CA names the learner and their group;
  // the server address is the control plane's name on the cluster network.
  const cp = cluster.controlPlane.name;
  const result = await cluster.exec(cp, [
    "kubeadm",
    "kubeconfig",
    "user",
    "--config=/kind/kubeadm-cluster.conf",
    `--client-name=${LEARNER_USER}`,
    `--org=${LEARNER_GROUP}`,
    "--validity-period=168h",
  ]);
  if (result.exitCode !== 0)
    throw new Error(`creating the learner's credentials failed: ${result.stderr.trim()}`);
  return result.stdout;
}
