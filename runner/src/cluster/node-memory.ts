// How a lab cluster's own processes are told to stay small. Every Kubernetes component is
// a Go program that by default lets its heap grow to twice what it keeps alive before
// collecting (GOGC=100); in a lab cluster that holds a few dozen objects this slack is
// most of what an idle environment uses, and it is paid once per environment on the
// host. Collecting sooner costs a little CPU at each collection and changes nothing a
// learner can see. Measured figures: README, "Budgets".

/**
 * Heap growth before a collection, in percent of the live heap. 50 keeps the API server
 * (the largest process) about a quarter smaller at rest; lower values cost CPU on a host
 * whose cores are what environments share most.
 */
export const COMPONENT_GOGC = 50;

/** The environment each control-plane static pod (and etcd) gets through kubeadm. */
export function componentEnv(): { name: string; value: string }[] {
  return [{ name: "GOGC", value: String(COMPONENT_GOGC) }];
}

/**
 * The kubelet's systemd unit reads this file as an EnvironmentFile, and kubeadm does not
 * write it (its own flags go to /var/lib/kubelet/kubeadm-flags.env), so the setting
 * holds from the kubelet's first start.
 */
export const KUBELET_ENV_FILE = "/etc/default/kubelet";

export function kubeletEnvFile(): string {
  return `GOGC=${COMPONENT_GOGC}\n`;
}

/**
 * kubeadm installs CoreDNS with two replicas so a cluster's DNS survives losing a node;
 * a lab cluster lives for one learner's session and the Check of a DNS probe waits for
 * the name to resolve, so one replica serves it.
 */
export const COREDNS_REPLICAS = 1;
