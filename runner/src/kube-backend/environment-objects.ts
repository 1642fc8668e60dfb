// The host-cluster objects one environment is made of, as plain API objects (no I/O here).
// Everything lives in the environment's own namespace, which owns it: deleting the
// namespace is the one call that removes an environment, and nothing of it is cluster-wide.
import type { V1Namespace, V1NetworkPolicy, V1Pod, V1Service } from "@kubernetes/client-node";
import type { ContainerBudget, EnvironmentBudget } from "../cluster/environment-budget.ts";
import { CLUSTER_LABEL, type NodeRole, OWNER, OWNER_LABEL, ROLE_LABEL } from "../cluster/labels.ts";
import { WORKSTATION_ROLE } from "../environment/workstation-container.ts";

/** The headless Service that gives node pods their names (`<node>.nodes.<namespace>`). */
export const NODES_SERVICE = "nodes";
export const NODE_CONTAINER = "node";
export const WORKSTATION_CONTAINER = "workstation";
/** The workstation pod's second container, which only sets up its network (environment-overlay.ts). */
export const NETWORK_CONTAINER = "network";

export const namespaceOf = (environment: string) => `kindling-${environment}`;
export const workstationPodName = (environment: string) => `${environment}-workstation`;

const labels = (environment: string, role: string) => ({
  [OWNER_LABEL]: OWNER,
  [CLUSTER_LABEL]: environment,
  [ROLE_LABEL]: role,
});

export function environmentNamespace(environment: string): V1Namespace {
  return {
    metadata: {
      name: namespaceOf(environment),
      labels: {
        ...labels(environment, "environment"),
        // Node pods are privileged (kind's node contract); the host's default level refuses them.
        "pod-security.kubernetes.io/enforce": "privileged",
      },
    },
  };
}

export function nodesService(environment: string): V1Service {
  return {
    metadata: { name: NODES_SERVICE, labels: labels(environment, "network") },
    spec: {
      clusterIP: "None",
      // A node must be found by name before it is Ready: workers join while they start.
      publishNotReadyAddresses: true,
      selector: { [CLUSTER_LABEL]: environment, "dev.kindling.node": "true" },
    },
  };
}

/**
 * Only the environment's own pods, in and out, plus the host's DNS and the image mirror:
 * the pod-level counterpart of the Docker backend's fence (cluster/network-fence.ts).
 * The mirror is outside the host cluster (a container beside its nodes), so it is an
 * address block given by the caller.
 */
export function environmentNetworkPolicy(
  environment: string,
  mirrorCidrs: string[],
): V1NetworkPolicy {
  const ownPods = { podSelector: {} };
  return {
    metadata: { name: "environment-only", labels: labels(environment, "network") },
    spec: {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ _from: [ownPods] }],
      egress: [
        { to: [ownPods] },
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
        ...(mirrorCidrs.length > 0
          ? [
              {
                to: mirrorCidrs.map((cidr) => ({ ipBlock: { cidr } })),
                ports: [{ protocol: "TCP", port: 5000 }],
              },
            ]
          : []),
      ],
    },
  };
}

/**
 * A node pod's first process. Docker gives a node container its own cgroup namespace
 * (node-container.ts); a pod shares its host node's, so the nested kubelet would take
 * the host kubelet's own `kubepods.slice` for its pods, and each would kill the other's
 * as strangers. A cgroup namespace rooted at the pod's own cgroup, with the cgroup
 * filesystems mounted again inside it, keeps the nested cluster inside the pod's limits.
 * Then kind's node entrypoint, as in the image, as process 1.
 */
export const NODE_BOOT = [
  "set -eu",
  "grep -E '^[^ ]+ /sys/fs/cgroup/?[^ ]* cgroup2? ' /proc/self/mounts | while read -r _ dir type opts _; do",
  '  umount "$dir"',
  '  mount -t "$type" -o "$opts" "$type" "$dir"',
  "done",
  "exec /usr/local/bin/kindling-entrypoint /sbin/init",
].join("\n");

/** Nodes and workstation reach nodes by their bare names, as on the Docker backend. */
const nodeNamesResolve = (environment: string) => ({
  searches: [`${NODES_SERVICE}.${namespaceOf(environment)}.svc.cluster.local`],
});

const resources = (budget: ContainerBudget, cpuRequest: string) => ({
  // Memory is requested whole, so the host scheduler places an environment only where its
  // budget fits; CPU is requested at rest and capped at the budget.
  requests: { memory: String(budget.memoryBytes), cpu: cpuRequest },
  limits: { memory: String(budget.memoryBytes), cpu: String(budget.cpus) },
});

/** The name field a pod's node affinity pins it to one host node with. */
export const HOST_NODE_FIELD = "metadata.name";

/**
 * Every pod of an environment goes to the one host node the runner chose for it
 * (host-placement.ts), through the scheduler, which still checks its resources and taints.
 * Chosen once for the whole environment: left to the scheduler pod by pod, the control
 * plane could take a node that has no room for the pods that must sit beside it.
 */
const onHostNode = (hostNode: string) => ({
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        { matchFields: [{ key: HOST_NODE_FIELD, operator: "In", values: [hostNode] }] },
      ],
    },
  },
});

/** The host node a pod is pinned to by onHostNode, before (or after) it is scheduled. */
export function pinnedHostNode(pod: V1Pod): string | undefined {
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  const field = terms[0]?.matchFields?.find(
    (f) => f.key === HOST_NODE_FIELD && f.operator === "In",
  );
  return terms.length === 1 ? field?.values?.[0] : undefined;
}

/**
 * A node as a privileged pod running the node image. The node image's /var holds the
 * preloaded images' content (imported unpacked-less), so /var stays on the image; only
 * what must not sit on an overlay root (containerd's snapshots, the kubelet's volumes,
 * etcd's data) gets an emptyDir, which lives on the host node's own /var.
 */
export function nodePod(
  environment: string,
  node: string,
  role: NodeRole,
  image: string,
  budget: EnvironmentBudget,
  hostNode: string,
): V1Pod {
  const own = role === "control-plane" ? budget.controlPlane : budget.worker;
  const dirs: [string, string][] = [
    ["snapshots", "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs"],
    ["kubelet", "/var/lib/kubelet"],
    ...(role === "control-plane" ? ([["etcd", "/var/lib/etcd"]] as [string, string][]) : []),
  ];
  const memoryDirs: [string, string][] = [
    ["run", "/run"],
    ["tmp", "/tmp"],
  ];
  return {
    metadata: {
      name: node,
      labels: { ...labels(environment, role), "dev.kindling.node": "true" },
    },
    spec: {
      hostname: node,
      subdomain: NODES_SERVICE,
      dnsConfig: nodeNamesResolve(environment),
      restartPolicy: "Never",
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 5,
      affinity: onHostNode(hostNode),
      containers: [
        {
          name: NODE_CONTAINER,
          image,
          imagePullPolicy: "Never",
          // unshare replaces itself with the shell, which replaces itself with systemd: process 1.
          command: ["unshare", "--cgroup", "--", "/bin/sh", "-c", NODE_BOOT],
          securityContext: { privileged: true },
          resources: resources(own, role === "control-plane" ? "250m" : "100m"),
          volumeMounts: [...dirs, ...memoryDirs].map(([name, mountPath]) => ({ name, mountPath })),
        },
      ],
      volumes: [
        ...dirs.map(([name]) => ({ name, emptyDir: {} })),
        ...memoryDirs.map(([name]) => ({ name, emptyDir: { medium: "Memory" } })),
      ],
    },
  };
}

/**
 * The learner's shell: unprivileged, no service account, beside its environment's nodes.
 * Joining the environment's segment needs NET_ADMIN in the pod's network namespace, which
 * the learner's container must not have: a second container (the node image, asleep)
 * holds it, and only the runner execs into it.
 */
export function workstationPod(
  environment: string,
  image: string,
  networkImage: string,
  budget: EnvironmentBudget,
  hostNode: string,
): V1Pod {
  return {
    metadata: {
      name: workstationPodName(environment),
      labels: labels(environment, WORKSTATION_ROLE),
    },
    spec: {
      hostname: "workstation",
      dnsConfig: nodeNamesResolve(environment),
      restartPolicy: "Never",
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 2,
      affinity: onHostNode(hostNode),
      containers: [
        {
          name: WORKSTATION_CONTAINER,
          image,
          imagePullPolicy: "Never",
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
            runAsNonRoot: true,
            runAsUser: 1000,
          },
          resources: resources(budget.workstation, "50m"),
          volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
        },
        {
          name: NETWORK_CONTAINER,
          image: networkImage,
          imagePullPolicy: "Never",
          command: ["sleep", "infinity"],
          securityContext: { capabilities: { add: ["NET_ADMIN"] } },
          resources: {
            requests: { memory: "8Mi", cpu: "5m" },
            limits: { memory: "32Mi", cpu: "100m" },
          },
        },
      ],
      volumes: [{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } }],
    },
  };
}
