import { randomBytes } from "node:crypto";
import { addonsForLab, installAddons, type LabAddon } from "../cluster/addons.ts";
import { loadBalancerRange } from "../cluster/address-range.ts";
import { ADMIN_KUBECONFIG_FLAG } from "../cluster/admin-kubeconfig.ts";
import { environmentBudget } from "../cluster/environment-budget.ts";
import { POD_SUBNET, type Progress } from "../cluster/kind-cluster.ts";
import {
  assertClusterName,
  CLUSTER_LABEL,
  nodeNames,
  OWNER,
  OWNER_LABEL,
} from "../cluster/labels.ts";
import type { ExecResult } from "../cluster/node-exec.ts";
import { env } from "../env.ts";
import { imageName } from "../images/catalogue.ts";
import { grantLearnerAccess } from "../environment/learner-access.ts";
import { LEARNER_HOME } from "../environment/workstation-container.ts";
import { bootstrapCluster, type PodNode } from "./bootstrap-cluster.ts";
import {
  environmentNamespace,
  environmentNetworkPolicy,
  NETWORK_CONTAINER,
  NODE_CONTAINER,
  namespaceOf,
  nodePod,
  nodesService,
  WORKSTATION_CONTAINER,
  workstationPod,
  workstationPodName,
} from "./environment-objects.ts";
import { OVERLAY_PREFIX, overlayAddress, overlayJoinScript } from "./environment-overlay.ts";
import { type HostApi, hostApi } from "./host-api.ts";
import { hostPlacement } from "./host-placement.ts";
import { environmentRequest } from "./host-room.ts";
import { PodShell } from "./pod-shell.ts";
import { waitForRunning } from "./pod-waits.ts";

export interface KubeEnvironmentSpec {
  name: string;
  workers: number;
  addons: LabAddon[];
  /** Where the image mirror answers, for the environment's NetworkPolicy. */
  mirrorCidrs?: string[];
}

/**
 * One environment on the host cluster: a namespace holding its node pods (the node
 * image, made into a cluster by kubeadm as on the Docker backend) and its workstation
 * pod. The namespace's labels are the whole state, so any runner can attach by name.
 */
export class KubeEnvironment {
  private constructor(
    private readonly api: HostApi,
    readonly name: string,
  ) {}

  get namespace(): string {
    return namespaceOf(this.name);
  }

  static async create(spec: KubeEnvironmentSpec, progress: Progress = () => {}) {
    assertClusterName(spec.name);
    const api = await hostApi();
    if ((await KubeEnvironment.names()).includes(spec.name))
      throw new Error(`an environment named "${spec.name}" is on the host cluster already`);
    const environment = new KubeEnvironment(api, spec.name);
    try {
      await environment.provision(spec, progress);
      return environment;
    } catch (error) {
      if (env.KINDLING_KEEP_FAILED === "0") await environment.destroy().catch(() => {});
      throw error;
    }
  }

  static async attach(name: string): Promise<KubeEnvironment> {
    const api = await hostApi();
    await api.core.readNamespace({ name: namespaceOf(name) });
    return new KubeEnvironment(api, name);
  }

  /** Every environment's name on the host, complete or half-made. */
  static async names(): Promise<string[]> {
    const api = await hostApi();
    const list = await api.core.listNamespace({
      labelSelector: `${OWNER_LABEL}=${OWNER},${CLUSTER_LABEL}`,
    });
    return list.items.map((ns) => ns.metadata?.labels?.[CLUSTER_LABEL] ?? "").filter(Boolean);
  }

  /** Waits until the host has removed the environment's namespace and all in it. */
  static async waitGone(name: string, timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await KubeEnvironment.names()).includes(name)) {
      if (Date.now() > deadline)
        throw new Error(
          `namespace ${namespaceOf(name)} was still there after ${timeoutMs / 1000} s`,
        );
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  private async provision(spec: KubeEnvironmentSpec, progress: Progress): Promise<void> {
    const { api, namespace, name } = this;
    const budget = environmentBudget({ workers: spec.workers, addons: addonsForLab(spec.addons) });
    const image = imageName("node");
    // One host node for the whole environment, chosen before anything of it exists.
    const hostNode = await hostPlacement.reserve(name, environmentRequest(spec.workers, budget));
    const nodes = nodeNames(name, spec.workers);
    try {
      progress("creating the environment's namespace");
      await api.core.createNamespace({ body: environmentNamespace(name) });
      await api.core.createNamespacedService({ namespace, body: nodesService(name) });
      await api.networking.createNamespacedNetworkPolicy({
        namespace,
        body: environmentNetworkPolicy(name, spec.mirrorCidrs ?? []),
      });
      progress(`starting ${nodes.length} node pod(s)`);
      for (const n of nodes)
        await api.core.createNamespacedPod({
          namespace,
          body: nodePod(name, n.name, n.role, image, budget, hostNode),
        });
      await api.core.createNamespacedPod({
        namespace,
        body: workstationPod(name, imageName("workstation"), image, budget, hostNode),
      });
    } finally {
      hostPlacement.release(name);
    }
    const started = await Promise.all(
      nodes.map(async (n) => ({ ...n, pod: await waitForRunning(api, namespace, n.name) })),
    );
    const workstationRunning = await waitForRunning(api, namespace, workstationPodName(name));

    progress("joining the environment's network");
    const members = [
      ...started.map((n, i) => ({
        name: n.name,
        podIp: n.pod.status?.podIP ?? "",
        address: overlayAddress("node", i),
        shell: new PodShell(api, namespace, n.name, NODE_CONTAINER),
      })),
      {
        name: workstationPodName(name),
        podIp: workstationRunning.status?.podIP ?? "",
        address: overlayAddress("workstation"),
        shell: new PodShell(api, namespace, workstationPodName(name), NETWORK_CONTAINER),
      },
    ];
    await Promise.all(
      members.map((m) =>
        m.shell.execOrThrow(
          ["sh", "-c", overlayJoinScript(m, members, m.address)],
          `joining ${m.name} to the environment's network`,
        ),
      ),
    );

    const podNodes: PodNode[] = started.map((n, i) => ({
      name: n.name,
      role: n.role,
      ip: members[i]!.address,
      shell: members[i]!.shell,
    }));
    await bootstrapCluster(podNodes, {
      clusterName: name,
      podSubnet: POD_SUBNET,
      budget,
      progress,
    });

    const addons = addonsForLab(spec.addons);
    if (addons.length > 0) {
      const controlPlaneShell = this.controlPlane();
      await installAddons(
        {
          apply: (manifest, what, extraArgs) =>
            applyIn(controlPlaneShell, manifest, what, extraArgs),
          kubectl: (args) =>
            controlPlaneShell.execOrThrow(
              ["kubectl", ADMIN_KUBECONFIG_FLAG, ...args],
              `kubectl ${args.join(" ")}`,
            ),
          loadBalancerRange: async () => loadBalancerRange(`${OVERLAY_PREFIX}.0/24`),
        },
        addons,
        progress,
      );
    }

    progress("giving the workstation the learner's credentials");
    const learnerKubeconfig = await grantLearnerAccess(this.admin());
    await this.workstation().writeFile(`${LEARNER_HOME}/.kube/config`, learnerKubeconfig, "0600");
  }

  controlPlane(): PodShell {
    return new PodShell(this.api, this.namespace, `${this.name}-control-plane`, NODE_CONTAINER);
  }

  node(nodeName: string): PodShell {
    return new PodShell(this.api, this.namespace, nodeName, NODE_CONTAINER);
  }

  workstation(): PodShell {
    return new PodShell(
      this.api,
      this.namespace,
      workstationPodName(this.name),
      WORKSTATION_CONTAINER,
    );
  }

  /** The nested cluster as learner-access.ts needs it. */
  admin() {
    return {
      controlPlane: { name: `${this.name}-control-plane` },
      apply: (manifest: string, what: string) => this.apply(manifest, what),
      exec: (node: string, command: string[]) => this.node(node).exec(command),
    };
  }

  /** kubectl as the nested cluster's admin, in its control-plane pod; never throws on exit codes. */
  kubectl(args: string[]): Promise<ExecResult> {
    return this.controlPlane().exec(["kubectl", ADMIN_KUBECONFIG_FLAG, ...args]);
  }

  async apply(manifest: string, what: string): Promise<void> {
    await applyIn(this.controlPlane(), manifest, what);
  }

  /** One call: the namespace owns every object of the environment. */
  async destroy(): Promise<void> {
    await this.api.core.deleteNamespace({ name: this.namespace, propagationPolicy: "Foreground" });
  }
}

export async function applyIn(
  shell: PodShell,
  manifest: string,
  what: string,
  extraArgs: string[] = [],
): Promise<string> {
  const file = `/kind/apply-${randomBytes(4).toString("hex")}.yaml`;
  await shell.writeFile(file, manifest);
  try {
    return await shell.execOrThrow(
      ["kubectl", ADMIN_KUBECONFIG_FLAG, "apply", ...extraArgs, "-f", file],
      `applying ${what}`,
    );
  } finally {
    await shell.exec(["rm", "-f", file]);
  }
}
