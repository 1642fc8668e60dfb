import { closeSync, openSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { lock } from "proper-lockfile";
import { env } from "../env.ts";
import { inspectImage } from "../util/docker.ts";
import { runOrThrow } from "../util/run.ts";
import {
  type BuildProgress,
  estimateSeconds,
  readBuildProgress,
  readBuildTimes,
  recordBuildTime,
  writeBuildProgress,
} from "./build-progress.ts";
import {
  type ImageSpec,
  conformanceCatalogue,
  imageCatalogue,
  nodeImageName,
} from "./catalogue.ts";
import { imagesDir } from "./paths.ts";
import { recipeHash } from "./recipe-hash.ts";
import { loadVersions } from "./versions.ts";

export const RECIPE_LABEL = "dev.kindling.recipe";

export interface ImageState {
  spec: ImageSpec;
  wanted: string;
  present: boolean;
  upToDate: boolean;
  size?: number;
}

/**
 * Online, images published upstream under the same name are pulled rather than built,
 * the node image is kind's own, and Kindling's own images are still built here. Offline
 * (the default), everything is built.
 */
/**
 * Which images: the platform's set (built by `npm run images`, needed by every cluster) or
 * the e2e test images only `kindling conformance` builds.
 */
export type ImageSet = "platform" | "conformance";

function sourcedCatalogue(set: ImageSet): ImageSpec[] {
  const versions = loadVersions();
  if (set === "conformance") return conformanceCatalogue(versions);
  const specs = imageCatalogue(versions);
  if (env.KINDLING_IMAGE_SOURCE === "offline") return specs;
  return specs
    .filter((s) => s.id !== "kindnet" && s.id !== "registry")
    .map((s) =>
      s.role === "node" ? { ...s, name: nodeImageName(versions, "online"), upstream: true } : s,
    );
}

/** Every image with the recipe digest it should carry, in build order. */
export function plannedImages(set: ImageSet = "platform"): { spec: ImageSpec; wanted: string }[] {
  const specs = sourcedCatalogue(set);
  const preloadHashes: string[] = [];
  return specs.map((spec) => {
    const wanted = recipeHash(spec, spec.role === "node" ? preloadHashes : []);
    if (spec.role === "preload") preloadHashes.push(wanted);
    return { spec, wanted };
  });
}

export async function imageStates(set: ImageSet = "platform"): Promise<ImageState[]> {
  return Promise.all(
    plannedImages(set).map(async ({ spec, wanted }) => {
      const info = await inspectImage(spec.name);
      return {
        spec,
        wanted,
        present: info !== undefined,
        upToDate: pulled(spec) ? info !== undefined : info?.labels[RECIPE_LABEL] === wanted,
        size: info?.size,
      };
    }),
  );
}

/** Whether this image comes from its upstream registry in the configured image source. */
function pulled(spec: ImageSpec): boolean {
  return env.KINDLING_IMAGE_SOURCE === "online" && spec.upstream;
}

export interface BuildOptions {
  set?: ImageSet;
  only?: string[];
  force?: boolean;
  log?: (line: string) => void;
  /** Recipes' own output goes here (appended) instead of this process's stderr. */
  logFile?: string;
  /** Called as the build moves on (also while waiting for another process's build). */
  onProgress?: (progress: BuildProgress) => void;
}

/**
 * Builds each missing or stale image with its recipe; a no-op when all are current. One
 * build runs at a time on a host: a second caller (a runner, `npm test`, the CLI) waits
 * for the first, following its progress, then finds the images current.
 */
export async function buildImages(
  options: BuildOptions = {},
): Promise<{ built: string[]; current: string[] }> {
  const log = options.log ?? ((line: string) => console.error(line));
  const release = await buildLock(log, options.onProgress);
  try {
    return await buildUnlocked(options, log);
  } finally {
    await release();
  }
}

async function buildLock(
  log: (line: string) => void,
  onProgress?: (progress: BuildProgress) => void,
): Promise<() => Promise<void>> {
  await mkdir(env.KINDLING_CACHE, { recursive: true });
  const attempt = () =>
    lock(env.KINDLING_CACHE, {
      lockfilePath: path.join(env.KINDLING_CACHE, "images.lock"),
      // A lock left by a killed build goes stale once its holder stops refreshing it.
      stale: 30_000,
    });
  let waiting = false;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      if (!waiting) log("another process is building the images; waiting for it");
      waiting = true;
      const progress = readBuildProgress();
      if (progress) onProgress?.(progress);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

async function buildUnlocked(
  options: BuildOptions,
  log: (line: string) => void,
): Promise<{ built: string[]; current: string[] }> {
  const states = await imageStates(options.set);
  const unknown = (options.only ?? []).filter((id) => !states.some((s) => s.spec.id === id));
  if (unknown.length > 0) {
    throw new Error(
      `unknown image ${unknown.join(", ")}; known: ${states.map((s) => s.spec.id).join(", ")}`,
    );
  }
  const chosen = states.filter((s) => !options.only || options.only.includes(s.spec.id));
  const todo = chosen.filter((s) => !s.upToDate || options.force).map((s) => s.spec.id);
  const times = readBuildTimes();
  const startedAt = new Date().toISOString();
  const finished = new Set<string>();
  const report = async (current?: string) => {
    const progress: BuildProgress = {
      done: chosen.length - todo.length + finished.size,
      total: chosen.length,
      current,
      etaSeconds: estimateSeconds(
        todo.filter((id) => !finished.has(id)),
        times,
      ),
      startedAt,
      updatedAt: new Date().toISOString(),
      pid: process.pid,
    };
    options.onProgress?.(progress);
    if (todo.length > 0) await writeBuildProgress(progress);
  };
  const built: string[] = [];
  const current: string[] = [];
  for (const state of chosen) {
    const { spec, wanted } = state;
    if (!todo.includes(spec.id)) {
      current.push(spec.name);
      continue;
    }
    await report(spec.name);
    const started = Date.now();
    if (pulled(spec)) {
      log(`pulling ${spec.name}`);
      await runOrThrow("docker", ["pull", "-q", spec.name]);
      built.push(spec.name);
      finished.add(spec.id);
      continue;
    }
    log(`building ${spec.name} (recipe ${spec.recipe})`);
    const logFd = options.logFile ? openSync(options.logFile, "a") : undefined;
    await runOrThrow("bash", [path.join(imagesDir, spec.recipe, "build.sh")], {
      inherit: true,
      outputFd: logFd,
      env: {
        ...process.env,
        ...spec.env,
        IMAGE: spec.name,
        KINDLING_CACHE: env.KINDLING_CACHE,
        KINDLING_IMAGES: imagesDir,
      },
    })
      .catch((error: Error) => {
        const tail = options.logFile
          ? `\n${logTail(options.logFile)}\n(log: ${options.logFile})`
          : "";
        throw new Error(`image ${spec.name} failed to build: ${error.message}${tail}`);
      })
      .finally(() => logFd !== undefined && closeSync(logFd));
    // The label records which recipe made the image, so the next run can skip it.
    await runOrThrow("docker", ["build", "-q", "-t", spec.name, "-"], {
      input: `FROM ${spec.name}\nLABEL ${RECIPE_LABEL}=${wanted}\n`,
    });
    const seconds = (Date.now() - started) / 1000;
    await recordBuildTime(spec.id, seconds);
    log(`built ${spec.name} in ${seconds.toFixed(1)} s`);
    built.push(spec.name);
    finished.add(spec.id);
  }
  await report();
  return { built, current };
}

function logTail(file: string): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-15).join("\n");
  } catch {
    return "";
  }
}
