import { stringify } from "yaml";
import { minorVersion } from "../images/versions.ts";
import { MiB, POD_PIDS } from "./environment-budget.ts";
import { componentEnv } from "./node-memory.ts";
import { ADMISSION_DIR, ADMISSION_FILE } from "./pod-security-admission.ts";

export interface KubeadmConfigInput {
  clusterName: string;
  kubernetesVersion: string;
  controlPlaneHost: string;
  controlPlaneIp: string;
  nodeIp: string;
  token: string;
  podSubnet: string;
  serviceSubnet: string;
  /** Whether this host runs cgroup v1, which kubelets from 1.35 on refuse unless told otherwise. */
  cgroupV1: boolean;
  /** Memory the kubelet keeps from its pods (environment-budget.ts: kubeletSystemReserved). */
  systemReservedBytes: number;
}

/**
 * kubeadm's configuration for one node, as kind writes it: the same document set on
 * every node, with the Init part used on the control plane and the Join part on workers.
 */
export function kubeadmConfig(input: KubeadmConfigInput): string {
  const [, minor] = minorVersion(input.kubernetesVersion);
  const kubeletArgs = [
    { name: "node-ip", value: input.nodeIp },
    // Per node, so a flag: workers read the shared KubeletConfiguration from the cluster.
    {
      name: "system-reserved",
      value: `memory=${Math.floor(input.systemReservedBytes / MiB)}Mi`,
    },
  ];
  const nodeRegistration = {
    criSocket: "unix:///run/containerd/containerd.sock",
    kubeletExtraArgs: kubeletArgs,
  };
  const documents = [
    {
      apiVersion: "kubeadm.k8s.io/v1beta4",
      kind: "ClusterConfiguration",
      clusterName: input.clusterName,
      kubernetesVersion: input.kubernetesVersion,
      controlPlaneEndpoint: `${input.controlPlaneHost}:6443`,
      apiServer: {
        certSANs: ["localhost", "127.0.0.1", input.controlPlaneHost, input.controlPlaneIp],
        extraArgs: [{ name: "admission-control-config-file", value: ADMISSION_FILE }],
        extraEnvs: componentEnv(),
        extraVolumes: [
          {
            name: "admission",
            hostPath: ADMISSION_DIR,
            mountPath: ADMISSION_DIR,
            readOnly: true,
            pathType: "Directory",
          },
        ],
      },
      controllerManager: {
        extraArgs: [{ name: "allocate-node-cidrs", value: "true" }],
        extraEnvs: componentEnv(),
      },
      scheduler: { extraEnvs: componentEnv() },
      etcd: { local: { extraEnvs: componentEnv() } },
      networking: {
        podSubnet: input.podSubnet,
        serviceSubnet: input.serviceSubnet,
        dnsDomain: "cluster.local",
      },
    },
    {
      apiVersion: "kubeadm.k8s.io/v1beta4",
      kind: "InitConfiguration",
      bootstrapTokens: [{ token: input.token, ttl: "24h0m0s" }],
      localAPIEndpoint: {
        advertiseAddress: input.controlPlaneIp,
        bindPort: 6443,
      },
      nodeRegistration,
      skipPhases: ["preflight"],
    },
    {
      apiVersion: "kubeadm.k8s.io/v1beta4",
      kind: "JoinConfiguration",
      discovery: {
        bootstrapToken: {
          apiServerEndpoint: `${input.controlPlaneHost}:6443`,
          token: input.token,
          unsafeSkipCAVerification: true,
        },
      },
      nodeRegistration,
      skipPhases: ["preflight"],
    },
    {
      apiVersion: "kubelet.config.k8s.io/v1beta1",
      kind: "KubeletConfiguration",
      cgroupDriver: "systemd",
      failSwapOn: false,
      // The node's disk is the host's, and the kubelet judges its fullness by the host's
      // filesystem: pods are evicted when it is nearly full. Every signal is listed, since
      // a partial map drops the defaults of the others. memory.available also applies to
      // the pod cgroup, which system-reserved caps at the node's pod share.
      // Image garbage collection stays off (100): a node holds only the closed image set,
      // which cannot grow, and on a host already past the GC threshold every cluster would
      // delete the set's images — the sandbox image among them — and start no more pods.
      imageGCHighThresholdPercent: 100,
      imageGCLowThresholdPercent: 95,
      evictionHard: {
        "memory.available": "100Mi",
        "nodefs.available": "5%",
        "nodefs.inodesFree": "5%",
        "imagefs.available": "5%",
        "imagefs.inodesFree": "5%",
      },
      podPidsLimit: POD_PIDS,
      // RuntimeDefault for every pod that names no profile: it also refuses the
      // unprivileged user namespaces (unshare -U) that widen the kernel's surface.
      seccompDefault: true,
      ...(input.cgroupV1 && minor >= 35 ? { failCgroupV1: false } : {}),
    },
    {
      apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
      kind: "KubeProxyConfiguration",
      mode: "iptables",
      // A node container may not change the host-wide conntrack table size.
      conntrack: { maxPerCore: 0 },
      iptables: { minSyncPeriod: "1s" },
    },
  ];
  return documents.map((doc) => stringify(doc)).join("---\n");
}

/** The ClusterConfiguration alone, which `kubeadm kubeconfig user` reads to mint credentials. */
export function kubeadmClusterConfig(input: KubeadmConfigInput): string {
  return kubeadmConfig(input).split("---\n")[0]!;
}
