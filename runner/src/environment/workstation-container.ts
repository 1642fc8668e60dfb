import type Dockerode from "dockerode";
import { GenericContainer } from "testcontainers";
import { type ContainerBudget, MiB, WORKSTATION_TMP_BYTES } from "../cluster/environment-budget.ts";
import { clusterLabels } from "../cluster/labels.ts";
import { docker } from "../util/docker.ts";

export const WORKSTATION_ROLE = "workstation";
/** The learner account baked into the workstation image. */
export const LEARNER_UID = 1000;
export const LEARNER_HOME = "/home/learner";

/**
 * The learner's shell: unprivileged, no capabilities, no Docker socket, no host mounts,
 * on its own cluster's network only (never Docker's default bridge), with CPU, memory
 * and process limits. Its home is a size-bounded volume (learnerHomeVolume), so
 * writing files cannot fill the host's disk. A hostile learner gets a Debian shell and
 * the rights their kubeconfig grants, nothing more.
 */
export class WorkstationContainer extends GenericContainer {
  constructor(
    image: string,
    environment: string,
    network: string,
    budget: ContainerBudget,
    homeVolume: string,
  ) {
    super(image);
    this.withName(`kindling-${environment}-workstation`)
      .withHostname("workstation")
      .withNetworkMode(network)
      .withLabels(clusterLabels(environment, WORKSTATION_ROLE))
      .withTmpFs({
        "/tmp": `rw,nosuid,nodev,size=${Math.floor(WORKSTATION_TMP_BYTES / MiB)}m`,
      })
      .withAutoRemove(false);
    this.hostConfig.Mounts = [{ Type: "volume", Source: homeVolume, Target: LEARNER_HOME }];
    this.hostConfig.CapDrop = ["ALL"];
    this.hostConfig.SecurityOpt = ["no-new-privileges"];
    this.hostConfig.Memory = budget.memoryBytes;
    this.hostConfig.MemorySwap = budget.memoryBytes;
    this.hostConfig.NanoCpus = Math.round(budget.cpus * 1e9);
    this.hostConfig.PidsLimit = budget.pids;
  }
}

/**
 * The home as a memory-backed volume of a fixed size: overlay2 has no per-container disk
 * quota on this kind of host, and tmpfs pages count against the workstation's memory
 * limit, which the budget sizes to hold it. Files live as long as the environment.
 */
export function learnerHomeVolume(sizeBytes: number): Record<string, string> {
  return {
    type: "tmpfs",
    device: "tmpfs",
    o: `size=${Math.floor(sizeBytes / MiB)}m,uid=${LEARNER_UID},gid=${LEARNER_UID},mode=0755,nosuid,nodev`,
  };
}

/**
 * Docker copies an image's files into an empty volume, but not into a tmpfs one: the
 * home (.bashrc, .profile, .kube) is copied from a never-started container of the image.
 */
export async function seedHome(
  image: string,
  environment: string,
  workstation: Dockerode.Container,
): Promise<void> {
  const engine = await docker();
  const template = await engine.createContainer({
    Image: image,
    Cmd: ["true"],
    Labels: clusterLabels(environment, "home-template"),
  });
  try {
    const archive = await template.getArchive({ path: LEARNER_HOME });
    await workstation.putArchive(archive, { path: "/home" });
  } finally {
    await template.remove({ force: true });
  }
}
