// The one list of what a learner can make in their namespaces. The learner's RBAC
// (learner-access.ts) grants Kindling's own share of it, and Reset step
// (player/reset-step.ts) deletes all of it: a kind added here is granted and reset
// together, and learner-kinds.test.ts plus lab-environment.int.test.ts check that no
// learner-creatable kind escapes Reset.

export interface LearnerKind {
  /** As `kubectl api-resources -o name` prints it: `deployments.apps`, `pods`. */
  name: string;
  /**
   * Who lets the learner create it: the built-in `edit` ClusterRole (bound in each learner
   * namespace) or Kindling's own `kindling-learner-networking` role, whose rules come
   * from these entries. `edit` leaves out hand-made Endpoints and EndpointSlices
   * (CVE-2021-25740) and knows nothing of the Gateway API the course teaches.
   */
  grant: "edit" | "kindling";
  /** Objects of this kind the cluster itself keeps in every namespace; Reset leaves them. */
  keep?: readonly string[];
}

export const LEARNER_KINDS: readonly LearnerKind[] = [
  { name: "pods", grant: "edit" },
  { name: "services", grant: "edit", keep: ["kubernetes"] },
  { name: "configmaps", grant: "edit", keep: ["kube-root-ca.crt"] },
  { name: "secrets", grant: "edit" },
  { name: "serviceaccounts", grant: "edit", keep: ["default"] },
  { name: "persistentvolumeclaims", grant: "edit" },
  { name: "events", grant: "edit" },
  { name: "replicationcontrollers", grant: "edit" },
  { name: "deployments.apps", grant: "edit" },
  { name: "replicasets.apps", grant: "edit" },
  { name: "statefulsets.apps", grant: "edit" },
  { name: "daemonsets.apps", grant: "edit" },
  { name: "jobs.batch", grant: "edit" },
  { name: "cronjobs.batch", grant: "edit" },
  { name: "horizontalpodautoscalers.autoscaling", grant: "edit" },
  { name: "poddisruptionbudgets.policy", grant: "edit" },
  { name: "leases.coordination.k8s.io", grant: "edit" },
  { name: "resourceclaims.resource.k8s.io", grant: "edit" },
  { name: "resourceclaimtemplates.resource.k8s.io", grant: "edit" },
  { name: "ingresses.networking.k8s.io", grant: "edit" },
  { name: "networkpolicies.networking.k8s.io", grant: "edit" },
  { name: "endpoints", grant: "kindling" },
  { name: "endpointslices.discovery.k8s.io", grant: "kindling" },
  { name: "gateways.gateway.networking.k8s.io", grant: "kindling" },
  { name: "httproutes.gateway.networking.k8s.io", grant: "kindling" },
  { name: "grpcroutes.gateway.networking.k8s.io", grant: "kindling" },
  { name: "referencegrants.gateway.networking.k8s.io", grant: "kindling" },
];

/** `deployments.apps` → `{ group: "apps", resource: "deployments" }`; core kinds have group "". */
export function splitKindName(name: string): { group: string; resource: string } {
  const dot = name.indexOf(".");
  return dot < 0
    ? { group: "", resource: name }
    : { group: name.slice(dot + 1), resource: name.slice(0, dot) };
}

/** RBAC rules for Kindling's own grants, one per API group, in the table's order. */
export function kindlingGrantRules(): { apiGroups: string[]; resources: string[] }[] {
  const byGroup = new Map<string, string[]>();
  for (const kind of LEARNER_KINDS.filter((k) => k.grant === "kindling")) {
    const { group, resource } = splitKindName(kind.name);
    byGroup.set(group, [...(byGroup.get(group) ?? []), resource]);
  }
  return [...byGroup].map(([group, resources]) => ({ apiGroups: [group], resources }));
}
