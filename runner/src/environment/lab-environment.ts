import type Dockerode from "dockerode";
import { randomBytes } from "node:crypto";
import { env } from "../env.ts";
import { addonsForLab, type LabAddon } from "../cluster/addons.ts";
import { listClusters, removeCluster } from "../cluster/cluster-store.ts";
import { environmentBudget, WORKSTATION_HOME_BYTES } from "../cluster/environment-budget.ts";
import { KindCluster, type Progress } from "../cluster/kind-cluster.ts";
import { CLUSTER_LABEL, clusterLabels, OWNER, OWNER_LABEL, ROLE_LABEL } from "../cluster/labels.ts";
import { type ExecResult, execIn, writeFileIn } from "../cluster/node-exec.ts";
import { StartedKindCluster } from "../cluster/started-kind-cluster.ts";
import { imageName } from "../images/catalogue.ts";
import { docker } from "../util/docker.ts";
import { grantLearnerAccess } from "./learner-access.ts";
import {
  LEARNER_HOME,
  LEARNER_UID,
  learnerHomeVolume,
  seedHome,
  WORKSTATION_ROLE,
  WorkstationContainer,
} from "./workstation-container.ts";

export interface EnvironmentSpec {
  name: string;
  workers: number;
  addons: LabAddon[];
  /** Extra labels on the workstation (e.g. which session or pool owns it). */
  labels?: Record<string, string>;
}

export interface ExecOptions {
  user?: "learner" | "root";
  timeoutMs?: number;
}

const HOME = LEARNER_HOME;

/**
 * One learner's environment: a kind-style cluster plus a workstation container whose
 * kubeconfig carries the learner's restricted credentials. Docker labels are the whole
 * state, so an environment can be re-attached by name from any process.
 */
export class LabEnvironment implements AsyncDisposable {
  private constructor(
    readonly cluster: StartedKindCluster,
    readonly workstationId: string,
    readonly labels: Record<string, string>,
  ) {}

  get name(): string {
    return this.cluster.name;
  }

  static async create(
    spec: EnvironmentSpec,
    progress: Progress = () => {},
  ): Promise<LabEnvironment> {
    const cluster = await new KindCluster(spec.name)
      .withWorkers(spec.workers)
      .withAddons(addonsForLab(spec.addons))
      .withProgress(progress)
      .start();
    try {
      progress("granting the learner's access");
      const kubeconfig = await grantLearnerAccess(cluster);
      progress("starting the workstation");
      const image = imageName("workstation");
      const budget = environmentBudget({
        workers: spec.workers,
        addons: addonsForLab(spec.addons),
      });
      const homeVolume = `kindling-${spec.name}-home`;
      await (
        await docker()
      ).createVolume({
        Name: homeVolume,
        Driver: "local",
        DriverOpts: learnerHomeVolume(WORKSTATION_HOME_BYTES),
        Labels: clusterLabels(spec.name, "volume"),
      });
      const container = new WorkstationContainer(
        image,
        spec.name,
        cluster.network,
        budget.workstation,
        homeVolume,
      );
      if (spec.labels) container.withLabels(spec.labels);
      const started = await container.start();
      const workstation = (await docker()).getContainer(started.getId());
      await seedHome(image, spec.name, workstation);
      await writeFileIn(workstation, `${HOME}/.kube/config`, kubeconfig, 0o600, {
        uid: LEARNER_UID,
        gid: LEARNER_UID,
      });
      return new LabEnvironment(cluster, started.getId(), spec.labels ?? {});
    } catch (error) {
      if (env.KINDLING_KEEP_FAILED === "0") await cluster.delete().catch(() => {});
      throw error;
    }
  }

  static async attach(name: string): Promise<LabEnvironment> {
    const cluster = await StartedKindCluster.attach(name);
    const workstation = await findWorkstation(name);
    if (!workstation) throw new Error(`environment "${name}" has a cluster but no workstation`);
    return new LabEnvironment(cluster, workstation.Id, workstation.Labels);
  }

  /** Every environment (a cluster with a workstation), with its workstation's labels. */
  static async list(): Promise<{ name: string; labels: Record<string, string>; state: string }[]> {
    const engine = await docker();
    const workstations = await engine.listContainers({
      all: true,
      filters: { label: [`${OWNER_LABEL}=${OWNER}`, `${ROLE_LABEL}=${WORKSTATION_ROLE}`] },
    });
    const clusters = new Set((await listClusters()).map((c) => c.name));
    return workstations
      .map((w) => ({ name: w.Labels[CLUSTER_LABEL]!, labels: w.Labels, state: w.State }))
      .filter((w) => clusters.has(w.name));
  }

  private async workstation(): Promise<Dockerode.Container> {
    return (await docker()).getContainer(this.workstationId);
  }

  /** Runs a command in the workstation (as the learner by default), bounded in time. */
  async workstationExec(command: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const bounded = options.timeoutMs
      ? ["timeout", "--kill-after=2", String(Math.ceil(options.timeoutMs / 1000)), ...command]
      : command;
    const result = await execIn(
      await this.workstation(),
      bounded,
      options.user === "root" ? "root" : "learner",
    );
    if (options.timeoutMs && result.exitCode === 124) {
      return { ...result, stderr: `${result.stderr}timed out after ${options.timeoutMs} ms\n` };
    }
    return result;
  }

  /** Applies manifests with the learner's own credentials, as the learner would. */
  async applyAsLearner(files: { name: string; content: string }[]): Promise<ExecResult> {
    const dir = `${HOME}/.kindling-apply-${randomBytes(4).toString("hex")}`;
    await this.workstationExec(["mkdir", "-p", dir]);
    const workstation = await this.workstation();
    for (const file of files) {
      await writeFileIn(workstation, `${dir}/${file.name}`, file.content, 0o644, {
        uid: LEARNER_UID,
        gid: LEARNER_UID,
      });
    }
    try {
      return await this.workstationExec(["kubectl", "apply", "-f", dir], { timeoutMs: 60_000 });
    } finally {
      await this.workstationExec(["rm", "-rf", dir]);
    }
  }

  async destroy(): Promise<void> {
    await removeCluster(this.name);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.destroy();
  }
}

async function findWorkstation(name: string): Promise<Dockerode.ContainerInfo | undefined> {
  const engine = await docker();
  const [workstation] = await engine.listContainers({
    all: true,
    filters: { label: [`${CLUSTER_LABEL}=${name}`, `${ROLE_LABEL}=${WORKSTATION_ROLE}`] },
  });
  return workstation;
}
