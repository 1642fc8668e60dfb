import type Dockerode from "dockerode";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { lock } from "proper-lockfile";
import path from "node:path";
import { GenericContainer, Wait } from "testcontainers";
import { env } from "../env.ts";
import { imageCatalogue, imageName } from "../images/catalogue.ts";
import { loadVersions } from "../images/versions.ts";
import { docker, inspectImage } from "../util/docker.ts";
import { runOrThrow } from "../util/run.ts";
import { OWNER, OWNER_LABEL, ROLE_LABEL } from "./labels.ts";
import { writeFileIn } from "./node-exec.ts";

/**
 * Offline, nothing answers for docker.io or quay.io, and `:latest` makes the kubelet pull
 * every time. One registry container holds the everyday images; every node's containerd
 * uses it as a mirror for the usual registries, so `kubectl run --image=busybox` works
 * with no internet. Clusters see it read-only: a learner must not be able to replace
 * what other learners pull.
 */
export const MIRROR_HOST = "kindling-registry";
const MIRROR_CONTAINER = "kindling-registry";
const SEED_CONTAINER = "kindling-registry-seed";
const VOLUME = "kindling-registry-data";
const MIRRORED_REGISTRIES = ["docker.io", "quay.io", "registry.k8s.io", "ghcr.io"];

/** containerd's per-registry mirror configuration: one hosts.toml per registry. */
export function mirrorHostsFiles(): { file: string; content: string }[] {
  return MIRRORED_REGISTRIES.map((registry) => {
    const upstream =
      registry === "docker.io" ? "https://registry-1.docker.io" : `https://${registry}`;
    return {
      file: `/etc/containerd/certs.d/${registry}/hosts.toml`,
      content: `server = "${upstream}"\n\n[host."http://${MIRROR_HOST}:5000"]\n  capabilities = ["pull", "resolve"]\n`,
    };
  });
}

/** Writes the mirror configuration into one node container. */
export async function configureMirrors(node: Dockerode.Container): Promise<void> {
  for (const { file, content } of mirrorHostsFiles()) await writeFileIn(node, file, content);
}

/** "busybox:latest" → "library/busybox:latest"; "quay.io/metallb/speaker:v1" → "metallb/speaker:v1". */
export function repositoryPath(image: string): string {
  const parts = image.split("/");
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost"))
    parts.shift();
  if (parts.length === 1) parts.unshift("library");
  return parts.join("/");
}

function mirrorImages(): string[] {
  return imageCatalogue(loadVersions())
    .filter((s) => s.role === "mirror")
    .map((s) => s.name);
}

const seededFile = () => path.join(env.KINDLING_CACHE, "registry-seeded.json");

/** A registry container serving the mirror volume; read-only unless it is seeding. */
class RegistryContainer extends GenericContainer {
  constructor(image: string, name: string, role: string, readOnly: boolean) {
    super(image);
    this.withName(name).withLabels({
      [OWNER_LABEL]: OWNER,
      [ROLE_LABEL]: role,
    });
    this.hostConfig.Mounts = [{ Type: "volume", Source: VOLUME, Target: "/var/lib/registry" }];
    if (readOnly) {
      this.withEnvironment({
        REGISTRY_STORAGE_MAINTENANCE_READONLY: "{enabled: true}",
      });
      this.hostConfig.RestartPolicy = { Name: "unless-stopped" };
    }
  }
}

interface SeedRecord {
  /** Which volume the images went into: a new volume starts empty whatever the record says. */
  volumeCreated: string;
  images: Record<string, string>;
}

async function volumeCreated(engine: Dockerode): Promise<string> {
  const existing = await engine
    .getVolume(VOLUME)
    .inspect()
    .catch(() => undefined);
  if (existing) return (existing as { CreatedAt?: string }).CreatedAt ?? "";
  await engine.createVolume({
    Name: VOLUME,
    Labels: { [OWNER_LABEL]: OWNER, [ROLE_LABEL]: "registry" },
  });
  return volumeCreated(engine);
}

async function withMirrorLock(work: () => Promise<void>): Promise<void> {
  await mkdir(env.KINDLING_CACHE, { recursive: true });
  const release = await lock(env.KINDLING_CACHE, {
    lockfilePath: path.join(env.KINDLING_CACHE, "registry.lock"),
    retries: { retries: 120, minTimeout: 500, maxTimeout: 2000 },
    stale: 120_000,
  });
  try {
    await work();
  } finally {
    await release();
  }
}

/** Pushes the everyday images into the registry volume through a short-lived writable registry. */
export async function seedRegistry(
  log: (line: string) => void = () => {},
  extra: string[] = [],
): Promise<void> {
  // Clusters created at once, by one runner or several processes, share one mirror:
  // only one of them may seed it or (re)start it at a time.
  await withMirrorLock(() => seedUnlocked(log, extra));
}

/** `extra`: images beyond the everyday set, e.g. the e2e test images of `kindling conformance`. */
async function seedUnlocked(log: (line: string) => void, extra: string[] = []): Promise<void> {
  const engine = await docker();
  const created = await volumeCreated(engine);
  const previous: SeedRecord | undefined = existsSync(seededFile())
    ? JSON.parse(await readFile(seededFile(), "utf8"))
    : undefined;
  const record: SeedRecord = {
    volumeCreated: created,
    images: previous?.volumeCreated === created ? previous.images : {},
  };
  const wanted: { name: string; id: string }[] = [];
  for (const name of [...mirrorImages(), ...extra]) {
    const info = await inspectImage(name);
    if (!info) throw new Error(`image ${name} is missing; run \`npx kindling images build\` first`);
    if (record.images[name] !== info.id) wanted.push({ name, id: info.id });
  }
  if (wanted.length === 0) return;
  // The read-only mirror must not serve half-written repositories; it restarts afterwards,
  // back on every cluster network it served, so running clusters keep their images.
  const served = await engine
    .getContainer(MIRROR_CONTAINER)
    .inspect()
    .then((i) => Object.keys(i.NetworkSettings.Networks ?? {}))
    .catch(() => [] as string[]);
  await engine
    .getContainer(MIRROR_CONTAINER)
    .remove({ force: true })
    .catch(() => {});
  await engine
    .getContainer(SEED_CONTAINER)
    .remove({ force: true })
    .catch(() => {});
  const seeder = await new RegistryContainer(
    imageName("registry"),
    SEED_CONTAINER,
    "registry-seed",
    false,
  )
    .withExposedPorts(5000)
    .withWaitStrategy(Wait.forHttp("/v2/", 5000))
    .start();
  try {
    const port = seeder.getMappedPort(5000);
    for (const { name, id } of wanted) {
      const target = `127.0.0.1:${port}/${repositoryPath(name)}`;
      log(`mirroring ${name}`);
      await runOrThrow("docker", ["tag", name, target]);
      await runOrThrow("docker", ["push", target]);
      await runOrThrow("docker", ["rmi", target]);
      record.images[name] = id;
    }
    await writeFile(seededFile(), JSON.stringify(record, null, 2));
  } finally {
    await seeder.stop({ remove: true, removeVolumes: false });
  }
  for (const network of served.filter((n) => n !== "bridge")) {
    // A cluster deleted meanwhile has taken its network with it.
    await startAndConnect(network).catch((error: Error) => {
      if (!/not found/i.test(error.message)) throw error;
    });
  }
}

/** Starts the read-only mirror if needed and attaches it to a cluster's network. */
export async function attachRegistry(network: string): Promise<void> {
  await withMirrorLock(async () => {
    await seedUnlocked(() => {});
    await startAndConnect(network);
  });
}

async function startAndConnect(network: string): Promise<void> {
  const engine = await docker();
  const running = await engine
    .getContainer(MIRROR_CONTAINER)
    .inspect()
    .then((i) => i.State.Running)
    .catch(() => false);
  if (!running) {
    await engine
      .getContainer(MIRROR_CONTAINER)
      .remove({ force: true })
      .catch(() => {});
    await new RegistryContainer(imageName("registry"), MIRROR_CONTAINER, "registry", true)
      .withWaitStrategy(Wait.forLogMessage(/listening on/))
      .withStartupTimeout(30_000)
      .start();
  }
  await engine
    .getNetwork(network)
    .connect({
      Container: MIRROR_CONTAINER,
      EndpointConfig: { Aliases: [MIRROR_HOST] },
    })
    .catch((error: Error) => {
      if (!/already exists/.test(error.message)) throw error;
    });
}
