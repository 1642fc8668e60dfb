import { listClusters, removeCluster } from "../cluster/cluster-store.ts";
import { LabEnvironment } from "../environment/lab-environment.ts";
import { type Tty, type TtySize, WorkstationTty } from "../environment/workstation-tty.ts";
import { dockerSessionEnvironment, type SessionEnvironment } from "./session-environment.ts";
import type { Topology } from "./topology.ts";

/**
 * What sessions need from environments. The Docker-backed driver below and the Kubernetes
 * one (kube-backend/kube-driver.ts) are the real ones; tests of the session logic use an
 * in-memory one, so limits and restarts are tested in milliseconds and real clusters are
 * kept for the integration tests.
 */
export interface EnvironmentDriver {
  create(
    name: string,
    topology: Topology,
    labels: Record<string, string>,
    progress: (step: string) => void,
  ): Promise<void>;
  /** Applies the lab's setup manifests as cluster admin. */
  applySetup(name: string, manifests: { file: string; content: string }[]): Promise<void>;
  /** The workstation's container id, or undefined when the environment is gone. */
  workstationId(name: string): Promise<string | undefined>;
  /** Names of every cluster in the engine, complete or half-made. */
  clusterNames(): Promise<string[]>;
  destroy(name: string): Promise<void>;
  /** The environment as Check, Apply, Reset step, the editor's schema and the Browser tab use it. */
  attach(name: string): Promise<SessionEnvironment>;
  /**
   * A program on a terminal in the workstation, as the learner (a terminal tab), by the id
   * `workstationId` gave.
   */
  openTty(workstation: string, command: string[], size: TtySize): Promise<Tty>;
  /**
   * Why a ready environment can no longer serve its learner (e.g. its host node was lost),
   * or undefined while it can; asked for every ready session at each reaping.
   */
  lostReason?(name: string): Promise<string | undefined>;
  /**
   * Why the backend cannot hold one more environment of this topology now (e.g. no host node
   * has the memory its pods request), or undefined when it can; asked before a session that
   * needs a new environment is accepted, so a full backend refuses at once.
   */
  roomProblem?(topology: Topology): Promise<string | undefined>;
}

export const dockerEnvironmentDriver: EnvironmentDriver = {
  async create(name, topology, labels, progress) {
    await LabEnvironment.create({ name, ...topology, labels }, progress);
  },
  async applySetup(name, manifests) {
    const { cluster } = await LabEnvironment.attach(name);
    for (const m of manifests) await cluster.apply(m.content, m.file);
  },
  async workstationId(name) {
    try {
      return (await LabEnvironment.attach(name)).workstationId;
    } catch {
      return undefined;
    }
  },
  async clusterNames() {
    return (await listClusters()).map((c) => c.name);
  },
  async destroy(name) {
    await removeCluster(name);
  },
  async attach(name) {
    return dockerSessionEnvironment(await LabEnvironment.attach(name));
  },
  openTty: (workstation, command, size) => WorkstationTty.open(workstation, command, size),
};
