// kind itself, built from its Go module, making clusters from Kindling's node image: the
// proof that the image keeps kind's node-image contract (/kind/version, the default CNI and
// storage manifests under /kind/manifests, the kubelet's cgroup root prepared by the
// entrypoint), so an operator's or author's own kind can use the offline image set.
import { existsSync } from "node:fs";
import { mkdtemp, rm, rmdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { HOST_MODULES } from "../cluster/node-container.ts";
import { env } from "../env.ts";
import { imagesDir } from "../images/paths.ts";
import { docker } from "../util/docker.ts";
import { run, runOrThrow } from "../util/run.ts";

/** The kind release whose node-image contract the image keeps (a Go module version). */
export const KIND_VERSION = "v0.33.0";

/** kind's binary, built once from its Go module into the cache, like the image set's tools. */
export async function kindBinary(): Promise<string> {
  const script = `source "$1/build/lib.sh" && go_binary "sigs.k8s.io/kind@$2" sigs.k8s.io/kind kind`;
  const out = path.join(env.KINDLING_CACHE, "bin", `kind-${KIND_VERSION}`);
  await runOrThrow("flock", [`${out}.lock`, "bash", "-c", script, "kind", imagesDir, KIND_VERSION]);
  return out;
}

export interface KindClusterOptions {
  name: string;
  workers: number;
  image: string;
  /** The Docker network kind puts its nodes on (kind's own default is `kind`). */
  network: string;
}

/**
 * A kind cluster of one control plane and `workers` workers, made by `kind create cluster`
 * as a kind user would make it: kind's configuration, kind's kubeadm settings, the image's
 * own CNI and StorageClass manifests. Answers how long kind took, waiting for the control
 * plane to be Ready; fails with kind's output. Its kubeconfig goes to a folder removed
 * afterwards (the callers run kubectl in the control plane), not to ~/.kube.
 */
export async function createKindCluster(
  binary: string,
  options: KindClusterOptions,
): Promise<{ seconds: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `kindling-kind-${options.name}-`));
  try {
    const config = path.join(dir, "cluster.yaml");
    const nodes = ["control-plane", ...Array<string>(options.workers).fill("worker")];
    await writeFile(
      config,
      [
        "kind: Cluster",
        "apiVersion: kind.x-k8s.io/v1alpha4",
        "nodes:",
        ...nodes.map((role) => `  - role: ${role}`),
        "",
      ].join("\n"),
    );
    const started = Date.now();
    const created = await run(
      binary,
      [
        "create",
        "cluster",
        `--name=${options.name}`,
        `--image=${options.image}`,
        `--config=${config}`,
        `--kubeconfig=${path.join(dir, "kubeconfig")}`,
        "--wait=3m",
      ],
      { env: { ...process.env, KIND_EXPERIMENTAL_DOCKER_NETWORK: options.network } },
    );
    if (created.code !== 0)
      throw new Error(
        `kind create cluster ${options.name} exited with ${created.code}:\n${created.stdout}${created.stderr}`,
      );
    return { seconds: (Date.now() - started) / 1000 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Undoes what kind leaves on the host: the cluster's containers, its Docker network (kind
 * keeps it for the next cluster), and the empty /lib/modules folder Docker makes on a host
 * without one when kind bind-mounts it.
 */
export class KindHostTidy {
  private readonly hadModules = existsSync(HOST_MODULES);

  constructor(
    private readonly binary: string,
    private readonly network: string,
  ) {}

  async deleteCluster(name: string): Promise<void> {
    await runOrThrow(this.binary, ["delete", "cluster", `--name=${name}`]);
  }

  async finish(): Promise<void> {
    const engine = await docker();
    await engine
      .getNetwork(this.network)
      .remove()
      .catch(() => undefined);
    if (!this.hadModules && existsSync(HOST_MODULES)) await rmdir(HOST_MODULES).catch(() => {});
  }
}

/** Loads images from this host's Docker engine into every node, with kind's own command. */
export async function kindLoad(binary: string, name: string, images: string[]): Promise<void> {
  await runOrThrow(binary, ["load", "docker-image", `--name=${name}`, ...images]);
}

/** kubectl as the admin of a kind cluster, inside its control plane (the host needs none). */
export function kindKubectl(cluster: string, args: string[], input?: string) {
  return runOrThrow(
    "docker",
    [
      "exec",
      ...(input === undefined ? [] : ["-i"]),
      `${cluster}-control-plane`,
      "kubectl",
      "--kubeconfig=/etc/kubernetes/admin.conf",
      ...args,
    ],
    { input },
  );
}
