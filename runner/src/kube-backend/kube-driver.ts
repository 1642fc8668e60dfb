// Sessions on the Kubernetes backend (KINDLING_BACKEND=kubernetes): the EnvironmentDriver
// contract with each environment a namespace on the host cluster (kube-environment.ts).
// Terminals, Check, Apply, Reset step, the editor's schema and the Browser tab work as on
// the Docker backend; live checks and Resume need the Docker backend for now.
import { addonsForLab } from "../cluster/addons.ts";
import { environmentBudget } from "../cluster/environment-budget.ts";
import { LEARNER_HOME } from "../environment/workstation-container.ts";
import type { EnvironmentDriver } from "../session/environment-driver.ts";
import type { SessionEnvironment } from "../session/session-environment.ts";
import { namespaceOf, WORKSTATION_CONTAINER, workstationPodName } from "./environment-objects.ts";
import { type HostApi, hostApi } from "./host-api.ts";
import { hostPlacement } from "./host-placement.ts";
import { environmentRequest } from "./host-room.ts";
import { kubeGradingTarget, kubeProofEnvironment } from "./kube-proof-environment.ts";
import { KubeEnvironment } from "./kube-environment.ts";

const notFound = (error: unknown) => (error as { code?: number }).code === 404;

function kubeSessionEnvironment(environment: KubeEnvironment): SessionEnvironment {
  const proof = kubeProofEnvironment(environment);
  const workstation = environment.workstation();
  return {
    name: environment.name,
    target: () => kubeGradingTarget(environment),
    workstationExec: async (command, options = {}) => {
      // The workstation pod runs as the learner; root is not to be had there.
      if (options.user === "root")
        throw new Error("the workstation of a host-cluster environment has no root");
      return proof.runAsLearner(
        command.map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(" "),
        options.timeoutMs ?? 600_000,
      );
    },
    readWorkstationFile: async (file) => {
      const result = await workstation.exec(["cat", file]);
      return result.exitCode === 0 ? result.stdout : undefined;
    },
    writeWorkstationFile: (file, content) => workstation.writeFile(file, content),
    applyAsLearner: (files) => proof.applyAsLearner(files),
    adminKubectl: (args) => environment.kubectl(args),
    adminApply: (manifest, what) => environment.apply(manifest, what),
  };
}

/** Whether a host node is there and Ready (its kubelet answers). */
async function hostNodeReady(api: HostApi, name: string): Promise<boolean> {
  const node = await api.core.readNode({ name }).catch((error: unknown) => {
    if (notFound(error)) return undefined;
    throw error;
  });
  return node?.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
}

/**
 * Why an environment cannot serve any more: a pod of it gone, not running, or on a host
 * node that stopped answering. A lost host node is not waited for: its pods' state (the
 * cluster's etcd, the learner's shells) went with it, so the session ends and the learner
 * starts the lab again on a node that works.
 */
async function lostReason(name: string): Promise<string | undefined> {
  const api = await hostApi();
  const namespace = namespaceOf(name);
  let pods;
  try {
    pods = await api.core.listNamespacedPod({ namespace });
  } catch (error) {
    if (notFound(error)) return "the environment was removed from the host cluster";
    throw error;
  }
  const expected = [workstationPodName(name), `${name}-control-plane`];
  for (const pod of expected) {
    const found = pods.items.find((p) => p.metadata?.name === pod);
    if (!found || found.metadata?.deletionTimestamp)
      return `part of your environment (${pod}) was removed from the host cluster; start the lab again`;
    if (found.status?.phase !== "Running")
      return `part of your environment (${pod}) stopped (${found.status?.phase ?? "unknown"}); start the lab again`;
  }
  for (const nodeName of new Set(pods.items.map((p) => p.spec?.nodeName).filter(Boolean))) {
    if (!(await hostNodeReady(api, nodeName!)))
      return `the host node running your environment (${nodeName}) stopped answering; start the lab again`;
  }
  return undefined;
}

/**
 * A pod on a host node that stopped answering is never confirmed gone by its kubelet, so
 * its namespace would stay Terminating; the host API is told to forget it (the node, if it
 * comes back, stops what it still runs). Pods on working nodes end as usual.
 */
async function forgetPodsOnLostNodes(name: string): Promise<void> {
  const api = await hostApi();
  const namespace = namespaceOf(name);
  const pods = await api.core.listNamespacedPod({ namespace }).catch(() => undefined);
  for (const pod of pods?.items ?? []) {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) continue;
    if (await hostNodeReady(api, nodeName).catch(() => false)) continue;
    await api.core
      .deleteNamespacedPod({ namespace, name: pod.metadata!.name!, gracePeriodSeconds: 0 })
      .catch(() => {});
  }
}

export const kubeEnvironmentDriver: EnvironmentDriver = {
  async create(name, topology, _labels, progress) {
    // The session's labels live in the runner's session store on this backend.
    await KubeEnvironment.create({ name, ...topology }, progress);
  },
  async applySetup(name, manifests) {
    const environment = await KubeEnvironment.attach(name);
    for (const m of manifests) await environment.apply(m.content, m.file);
  },
  async workstationId(name) {
    const api = await hostApi();
    const pod = await api.core
      .readNamespacedPod({ namespace: namespaceOf(name), name: workstationPodName(name) })
      .catch((error: unknown) => {
        if (notFound(error)) return undefined;
        throw error;
      });
    // The id is the pod's namespace/name, which openTty opens.
    return pod?.status?.phase === "Running" && !pod.metadata?.deletionTimestamp
      ? `${namespaceOf(name)}/${workstationPodName(name)}`
      : undefined;
  },
  clusterNames: () => KubeEnvironment.names(),
  async destroy(name) {
    const environment = await KubeEnvironment.attach(name).catch((error: unknown) => {
      if (notFound(error)) return undefined;
      throw error;
    });
    if (!environment) return;
    await environment.destroy();
    await forgetPodsOnLostNodes(name);
  },
  async attach(name) {
    return kubeSessionEnvironment(await KubeEnvironment.attach(name));
  },
  async openTty(workstation, command, size) {
    const api = await hostApi();
    const [namespace, pod] = workstation.split("/") as [string, string];
    // The shell starts in the learner's home, as a Docker exec does.
    return api.tty(
      namespace,
      pod,
      WORKSTATION_CONTAINER,
      ["sh", "-c", `cd ${LEARNER_HOME} && exec "$@"`, "tty", ...command],
      size,
    );
  },
  lostReason,
  async roomProblem(topology) {
    const budget = environmentBudget({
      workers: topology.workers,
      addons: addonsForLab(topology.addons),
    });
    return hostPlacement.roomProblem(environmentRequest(topology.workers, budget));
  },
};
