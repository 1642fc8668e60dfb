import { randomBytes } from "node:crypto";
import { env } from "../env.ts";
import { nodeImageName } from "../images/catalogue.ts";
import { loadVersions } from "../images/versions.ts";
import { docker } from "../util/docker.ts";
import { type Addon, dockerLoadBalancerRange, installAddons } from "./addons.ts";
import { findCluster, removeCluster } from "./cluster-store.ts";
import { environmentBudget, kubeletSystemReserved, type NodeBudget } from "./environment-budget.ts";
import { kubeadmClusterConfig, kubeadmConfig } from "./kubeadm-config.ts";
import { assertClusterName, clusterLabels, networkName, nodeNames } from "./labels.ts";
import { syncNetworkFence } from "./network-fence.ts";
import { KindNodeContainer } from "./node-container.ts";
import { COREDNS_REPLICAS, KUBELET_ENV_FILE, kubeletEnvFile } from "./node-memory.ts";
import { execOrThrow, writeFileIn } from "./node-exec.ts";
import { ADMISSION_FILE, podSecurityAdmissionConfig } from "./pod-security-admission.ts";
import { attachRegistry, configureMirrors } from "./registry-mirror.ts";
import { StartedKindCluster } from "./started-kind-cluster.ts";
import { ensureHostLimits } from "../util/host-limits.ts";

export const POD_SUBNET = "10.244.0.0/16";
export const SERVICE_SUBNET = "10.96.0.0/16";

export type Progress = (step: string) => void;

let hostLimits: Promise<void> | undefined;
/** Every way to make a cluster passes here, so the host's limits are checked once a process. */
const hostLimitsOnce = () =>
  (hostLimits ??= ensureHostLimits().then((problems) => {
    for (const problem of problems) console.error(`kindling: ${problem}`);
  }));

/**
 * A kind-style Kubernetes cluster, configured fluently and started with start():
 * `await using cluster = await new KindCluster("demo").withWorkers(2).start()`.
 */
export class KindCluster {
  private workers = 0;
  private addons: Addon[] = [];
  private image?: string;
  private progress: Progress = () => {};
  private subnets = { pod: POD_SUBNET, service: SERVICE_SUBNET };
  private workerBudget?: NodeBudget;

  constructor(private readonly name: string) {
    assertClusterName(name);
  }

  withWorkers(workers: number): this {
    if (!Number.isInteger(workers) || workers < 0 || workers > 5) {
      throw new Error(`workers must be a whole number from 0 to 5, not ${workers}`);
    }
    this.workers = workers;
    return this;
  }

  withAddons(addons: Addon[]): this {
    this.addons = [...new Set(addons)];
    return this;
  }

  withNodeImage(image: string): this {
    this.image = image;
    return this;
  }

  /** Other address ranges, for a cluster whose pods run clusters of their own (kube-backend). */
  withSubnets(pod: string, service: string): this {
    this.subnets = { pod, service };
    return this;
  }

  /** Workers sized for something other than a lab (a host cluster's environments). */
  withWorkerBudget(budget: NodeBudget): this {
    this.workerBudget = budget;
    return this;
  }

  withProgress(progress: Progress): this {
    this.progress = progress;
    return this;
  }

  async start(): Promise<StartedKindCluster> {
    const versions = loadVersions();
    const image = this.image ?? nodeImageName(versions, env.KINDLING_IMAGE_SOURCE);
    const engine = await docker();
    await hostLimitsOnce();
    if (await findCluster(this.name)) {
      throw new Error(
        `a cluster named "${this.name}" already exists; delete it first (kindling cluster delete ${this.name})`,
      );
    }
    try {
      await engine.getImage(image).inspect();
    } catch {
      throw new Error(
        `node image ${image} is not in the Docker engine; run \`npx kindling images build\` first`,
      );
    }
    try {
      return await this.provision(image, versions.kubernetes);
    } catch (error) {
      // A half-made cluster is worth nothing and holds memory: remove every part of it.
      if (env.KINDLING_KEEP_FAILED === "0") await removeCluster(this.name).catch(() => {});
      throw error;
    }
  }

  private async provision(image: string, kubernetesVersion: string): Promise<StartedKindCluster> {
    const engine = await docker();
    const info = await engine.info();
    const cgroupV1 = info.CgroupVersion === "1";
    const network = networkName(this.name);
    this.progress("creating network");
    await engine.createNetwork({
      Name: network,
      Driver: "bridge",
      Labels: clusterLabels(this.name, "network"),
    });
    // Fenced before any container joins: a node or workstation never runs unfenced.
    await syncNetworkFence({ mode: "install" });
    if (env.KINDLING_IMAGE_SOURCE === "offline") {
      this.progress("attaching the image mirror");
      await attachRegistry(network);
    }

    const nodes = nodeNames(this.name, this.workers);
    const budget = environmentBudget({ workers: this.workers, addons: this.addons });
    const nodeBudget = (role: string) =>
      role === "control-plane" ? budget.controlPlane : (this.workerBudget ?? budget.worker);
    this.progress(`starting ${nodes.length} node container(s)`);
    const started = await Promise.all(
      nodes.map(async ({ name, role }) => {
        const volume = `kindling-${name}-var`;
        await engine.createVolume({
          Name: volume,
          Labels: clusterLabels(this.name, "volume"),
        });
        const container = new KindNodeContainer(
          image,
          name,
          network,
          volume,
          clusterLabels(this.name, role),
        );
        container.withBudget(nodeBudget(role));
        if (role === "control-plane") container.withApiServerPort();
        const handle = await container.start();
        return {
          name,
          role,
          id: handle.getId(),
          ip: handle.getIpAddress(network),
        };
      }),
    );
    const controlPlane = started[0]!;
    const token = `${randomBytes(3).toString("hex")}.${randomBytes(8).toString("hex")}`;
    const base = {
      clusterName: this.name,
      kubernetesVersion,
      controlPlaneHost: controlPlane.name,
      controlPlaneIp: controlPlane.ip,
      token,
      podSubnet: this.subnets.pod,
      serviceSubnet: this.subnets.service,
      cgroupV1,
    };
    await Promise.all(
      started.map(async (node) => {
        const container = engine.getContainer(node.id);
        const input = {
          ...base,
          nodeIp: node.ip,
          systemReservedBytes: kubeletSystemReserved(info.MemTotal, nodeBudget(node.role)),
        };
        await writeFileIn(container, "/kind/kubeadm.conf", kubeadmConfig(input));
        await writeFileIn(container, "/kind/kubeadm-cluster.conf", kubeadmClusterConfig(input));
        await writeFileIn(container, KUBELET_ENV_FILE, kubeletEnvFile());
        if (node.role === "control-plane")
          await writeFileIn(container, ADMISSION_FILE, podSecurityAdmissionConfig());
        if (env.KINDLING_IMAGE_SOURCE === "offline") await configureMirrors(container);
      }),
    );

    const cp = engine.getContainer(controlPlane.id);
    this.progress("initialising the control plane (kubeadm init)");
    await execOrThrow(
      cp,
      ["kubeadm", "init", "--config=/kind/kubeadm.conf", "--skip-token-print", "--v=1"],
      "kubeadm init",
    );

    const cluster = await StartedKindCluster.attach(this.name);
    this.progress("installing the pod network");
    const cni = (
      await execOrThrow(cp, ["cat", "/kind/manifests/default-cni.yaml"], "reading the CNI manifest")
    ).replaceAll("{{ .PodSubnet }}", this.subnets.pod);
    await cluster.apply(cni, "pod network");

    const workers = started.filter((n) => n.role === "worker");
    if (workers.length > 0) this.progress(`joining ${workers.length} worker(s)`);
    await Promise.all(
      workers.map((w) =>
        execOrThrow(
          engine.getContainer(w.id),
          ["kubeadm", "join", "--config=/kind/kubeadm.conf", "--v=1"],
          `kubeadm join on ${w.name}`,
        ),
      ),
    );
    if (workers.length === 0) {
      // With no workers, workloads must be able to run on the control plane.
      await cluster.kubectl(["taint", "nodes", "--all", "node-role.kubernetes.io/control-plane-"]);
    }
    await cluster.kubectl([
      "-n",
      "kube-system",
      "scale",
      "deployment/coredns",
      `--replicas=${COREDNS_REPLICAS}`,
    ]);
    this.progress("waiting for nodes to be Ready");
    await cluster.kubectl(["wait", "--for=condition=Ready", "nodes", "--all", "--timeout=180s"]);
    await cluster.kubectl([
      "-n",
      "kube-system",
      "rollout",
      "status",
      "deployment/coredns",
      "--timeout=180s",
    ]);
    if (this.addons.length > 0) {
      const addonCluster = {
        apply: (manifest: string, what: string, extraArgs?: string[]) =>
          cluster.apply(manifest, what, extraArgs),
        kubectl: (args: string[]) => cluster.kubectl(args),
        loadBalancerRange: () => dockerLoadBalancerRange(network),
      };
      await installAddons(addonCluster, this.addons, this.progress);
    }
    await cluster.writeKubeconfig();
    return cluster;
  }
}
