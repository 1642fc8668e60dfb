import { randomBytes } from "node:crypto";
import { ADMIN_KUBECONFIG_FLAG } from "../cluster/admin-kubeconfig.ts";
import { type EnvironmentBudget, kubeletSystemReserved } from "../cluster/environment-budget.ts";
import { type Progress, SERVICE_SUBNET } from "../cluster/kind-cluster.ts";
import { kubeadmClusterConfig, kubeadmConfig } from "../cluster/kubeadm-config.ts";
import type { NodeRole } from "../cluster/labels.ts";
import { COREDNS_REPLICAS, KUBELET_ENV_FILE, kubeletEnvFile } from "../cluster/node-memory.ts";
import { ADMISSION_FILE, podSecurityAdmissionConfig } from "../cluster/pod-security-admission.ts";
import { mirrorHostsFiles } from "../cluster/registry-mirror.ts";
import { loadVersions } from "../images/versions.ts";
import type { PodShell } from "./pod-shell.ts";

export interface PodNode {
  name: string;
  role: NodeRole;
  ip: string;
  shell: PodShell;
}

export interface BootstrapOptions {
  clusterName: string;
  podSubnet: string;
  budget: EnvironmentBudget;
  progress: Progress;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for the node's containerd, which systemd starts at boot. */
async function waitForContainerd(node: PodNode): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const result = await node.shell.exec(["systemctl", "is-active", "--quiet", "containerd"]);
    if (result.exitCode === 0) return;
    if (Date.now() > deadline) throw new Error(`containerd did not start in node ${node.name}`);
    await sleep(1000);
  }
}

/**
 * Makes running node pods into a cluster, as kind-cluster.ts does with node containers:
 * the same kubeadm configuration, kubelet settings, admission defaults, image mirrors
 * and CNI manifest; only the way in (exec through the host's API) differs.
 */
export async function bootstrapCluster(nodes: PodNode[], options: BootstrapOptions) {
  const { progress, budget } = options;
  const controlPlane = nodes.find((n) => n.role === "control-plane");
  if (!controlPlane) throw new Error("an environment needs a control-plane node");
  await Promise.all(nodes.map(waitForContainerd));
  const probe = await controlPlane.shell.execOrThrow(
    ["sh", "-c", "stat -fc %T /sys/fs/cgroup; awk '/^MemTotal:/ { print $2 }' /proc/meminfo"],
    "reading the node's cgroups and memory",
  );
  const [cgroupFs, memKiB] = probe.trim().split("\n");
  const hostMemoryBytes = Number(memKiB) * 1024;
  const token = `${randomBytes(3).toString("hex")}.${randomBytes(8).toString("hex")}`;
  const base = {
    clusterName: options.clusterName,
    kubernetesVersion: loadVersions().kubernetes,
    controlPlaneHost: controlPlane.name,
    controlPlaneIp: controlPlane.ip,
    token,
    podSubnet: options.podSubnet,
    serviceSubnet: SERVICE_SUBNET,
    cgroupV1: cgroupFs !== "cgroup2fs",
  };
  progress("writing the nodes' configuration");
  await Promise.all(
    nodes.map(async (node) => {
      const nodeBudget = node.role === "control-plane" ? budget.controlPlane : budget.worker;
      const input = {
        ...base,
        nodeIp: node.ip,
        systemReservedBytes: kubeletSystemReserved(hostMemoryBytes, nodeBudget),
      };
      await node.shell.writeFile("/kind/kubeadm.conf", kubeadmConfig(input));
      await node.shell.writeFile("/kind/kubeadm-cluster.conf", kubeadmClusterConfig(input));
      await node.shell.writeFile(KUBELET_ENV_FILE, kubeletEnvFile());
      if (node.role === "control-plane")
        await node.shell.writeFile(ADMISSION_FILE, podSecurityAdmissionConfig());
      for (const { file, content } of mirrorHostsFiles()) await node.shell.writeFile(file, content);
    }),
  );

  const kubectl = (args: string[], what = `kubectl ${args.join(" ")}`) =>
    controlPlane.shell.execOrThrow(["kubectl", ADMIN_KUBECONFIG_FLAG, ...args], what);
  progress("initialising the control plane (kubeadm init)");
  await controlPlane.shell.execOrThrow(
    ["kubeadm", "init", "--config=/kind/kubeadm.conf", "--skip-token-print", "--v=1"],
    "kubeadm init",
  );
  progress("installing the pod network");
  await controlPlane.shell.execOrThrow(
    [
      "sh",
      "-c",
      `sed 's#{{ .PodSubnet }}#${options.podSubnet}#g' /kind/manifests/default-cni.yaml | kubectl ${ADMIN_KUBECONFIG_FLAG} apply -f -`,
    ],
    "applying the pod network",
  );
  const workers = nodes.filter((n) => n.role === "worker");
  if (workers.length > 0) progress(`joining ${workers.length} worker(s)`);
  await Promise.all(
    workers.map((w) =>
      w.shell.execOrThrow(
        ["kubeadm", "join", "--config=/kind/kubeadm.conf", "--v=1"],
        `kubeadm join on ${w.name}`,
      ),
    ),
  );
  if (workers.length === 0)
    await kubectl(["taint", "nodes", "--all", "node-role.kubernetes.io/control-plane-"]);
  await kubectl([
    "-n",
    "kube-system",
    "scale",
    "deployment/coredns",
    `--replicas=${COREDNS_REPLICAS}`,
  ]);
  progress("waiting for nodes to be Ready");
  await kubectl(["wait", "--for=condition=Ready", "nodes", "--all", "--timeout=180s"]);
  await kubectl(["-n", "kube-system", "rollout", "status", "deployment/coredns", "--timeout=180s"]);
}
