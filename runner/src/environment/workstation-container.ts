import { GenericContainer } from "testcontainers";
import { clusterLabels } from "../cluster/labels.ts";

export const WORKSTATION_ROLE = "workstation";
/** The learner account baked into the workstation image. */
export const LEARNER_UID = 1000;

export interface WorkstationLimits {
  memoryBytes: number;
  cpus: number;
  pids: number;
}

export const DEFAULT_LIMITS: WorkstationLimits = {
  memoryBytes: 512 * 1024 * 1024,
  cpus: 1,
  pids: 512,
};

/**
 * The learner's shell: unprivileged, no capabilities, no Docker socket, no host mounts,
 * on its own cluster's network only (never Docker's default bridge), with CPU, memory
 * and process limits. A hostile learner gets a Debian shell and the rights their
 * kubeconfig grants, nothing more.
 */
export class WorkstationContainer extends GenericContainer {
  constructor(
    image: string,
    environment: string,
    network: string,
    limits: WorkstationLimits = DEFAULT_LIMITS,
  ) {
    super(image);
    this.withName(`kindling-${environment}-workstation`)
      .withHostname("workstation")
      .withNetworkMode(network)
      .withLabels(clusterLabels(environment, WORKSTATION_ROLE))
      .withTmpFs({ "/tmp": "rw,nosuid,nodev,size=64m" })
      .withAutoRemove(false);
    this.hostConfig.CapDrop = ["ALL"];
    this.hostConfig.SecurityOpt = ["no-new-privileges"];
    this.hostConfig.Memory = limits.memoryBytes;
    this.hostConfig.MemorySwap = limits.memoryBytes;
    this.hostConfig.NanoCpus = Math.round(limits.cpus * 1e9);
    this.hostConfig.PidsLimit = limits.pids;
  }
}
