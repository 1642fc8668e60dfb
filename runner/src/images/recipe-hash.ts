import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { ImageSpec } from "./catalogue.ts";
import { imagesDir } from "./paths.ts";

const runnerDir = path.dirname(imagesDir);

function addTree(hash: ReturnType<typeof createHash>, absolute: string): void {
  const stat = statSync(absolute, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isDirectory()) {
    for (const entry of readdirSync(absolute).sort()) addTree(hash, path.join(absolute, entry));
    return;
  }
  hash
    .update(path.relative(runnerDir, absolute))
    .update("\0")
    .update(readFileSync(absolute))
    .update("\0");
}

/**
 * A digest of everything that shapes an image: its recipe folder, the shared build
 * library, the pinned versions, its extra inputs and its build environment. An image
 * whose label matches is up to date; anything else is rebuilt.
 */
export function recipeHash(spec: ImageSpec, dependencyHashes: string[] = []): string {
  const hash = createHash("sha256");
  addTree(hash, path.join(imagesDir, spec.recipe));
  addTree(hash, path.join(imagesDir, "build"));
  addTree(hash, path.join(imagesDir, "versions.json"));
  for (const input of spec.inputs ?? []) addTree(hash, path.join(runnerDir, input));
  hash.update(JSON.stringify(spec.env ?? {}));
  for (const dependency of dependencyHashes) hash.update(dependency);
  return hash.digest("hex").slice(0, 16);
}
