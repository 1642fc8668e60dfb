import path from "node:path";
import { env } from "../env.ts";
import { inspectImage } from "../util/docker.ts";
import { runOrThrow } from "../util/run.ts";
import { type ImageSpec, imageCatalogue, nodeImageName } from "./catalogue.ts";
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
function sourcedCatalogue(): ImageSpec[] {
  const versions = loadVersions();
  const specs = imageCatalogue(versions);
  if (env.KINDLING_IMAGE_SOURCE === "offline") return specs;
  return specs
    .filter((s) => s.id !== "kindnet" && s.id !== "registry")
    .map((s) =>
      s.role === "node" ? { ...s, name: nodeImageName(versions, "online"), upstream: true } : s,
    );
}

/** Every image with the recipe digest it should carry, in build order. */
export function plannedImages(): { spec: ImageSpec; wanted: string }[] {
  const specs = sourcedCatalogue();
  const preloadHashes: string[] = [];
  return specs.map((spec) => {
    const wanted = recipeHash(spec, spec.role === "node" ? preloadHashes : []);
    if (spec.role === "preload") preloadHashes.push(wanted);
    return { spec, wanted };
  });
}

export async function imageStates(): Promise<ImageState[]> {
  return Promise.all(
    plannedImages().map(async ({ spec, wanted }) => {
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
  only?: string[];
  force?: boolean;
  log?: (line: string) => void;
}

/** Builds each missing or stale image with its recipe; a no-op when all are current. */
export async function buildImages(
  options: BuildOptions = {},
): Promise<{ built: string[]; current: string[] }> {
  const log = options.log ?? ((line: string) => console.error(line));
  const states = await imageStates();
  const unknown = (options.only ?? []).filter((id) => !states.some((s) => s.spec.id === id));
  if (unknown.length > 0) {
    throw new Error(
      `unknown image ${unknown.join(", ")}; known: ${states.map((s) => s.spec.id).join(", ")}`,
    );
  }
  const built: string[] = [];
  const current: string[] = [];
  for (const state of states) {
    const { spec, wanted } = state;
    if (options.only && !options.only.includes(spec.id)) continue;
    if (state.upToDate && !options.force) {
      current.push(spec.name);
      continue;
    }
    const started = Date.now();
    if (pulled(spec)) {
      log(`pulling ${spec.name}`);
      await runOrThrow("docker", ["pull", "-q", spec.name]);
      built.push(spec.name);
      continue;
    }
    log(`building ${spec.name} (recipe ${spec.recipe})`);
    await runOrThrow("bash", [path.join(imagesDir, spec.recipe, "build.sh")], {
      inherit: true,
      env: {
        ...process.env,
        ...spec.env,
        IMAGE: spec.name,
        KINDLING_CACHE: env.KINDLING_CACHE,
        KINDLING_IMAGES: imagesDir,
      },
    }).catch((error: Error) => {
      throw new Error(`image ${spec.name} failed to build: ${error.message}`);
    });
    // The label records which recipe made the image, so the next run can skip it.
    await runOrThrow("docker", ["build", "-q", "-t", spec.name, "-"], {
      input: `FROM ${spec.name}\nLABEL ${RECIPE_LABEL}=${wanted}\n`,
    });
    log(`built ${spec.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    built.push(spec.name);
  }
  return { built, current };
}
