// When does the conformance set need to run again? Only when something that shapes a
// cluster changed: an image recipe or pinned version (the image digests), the add-on
// manifests, the cluster code, or the set itself. A passing run of the whole set writes
// its digest to a record kept in the repository, so `npm run test:conformance` runs the
// long suite only for a commit that changed those inputs, on any machine.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { plannedImages } from "../images/image-builder.ts";
import { imagesDir } from "../images/paths.ts";

const runnerDir = path.dirname(imagesDir);
const INPUT_TREES = ["manifests", "src/cluster", "src/conformance/conformance-set.ts"];

/** The record of the last passing run, committed beside this file. */
export const RECORD_FILE = path.join(runnerDir, "src", "conformance", "last-pass.json");

export interface ConformanceRecord {
  inputs: string;
  date: string;
  passed: number;
  notApplicable: number;
  seconds: number;
}

function addTree(hash: ReturnType<typeof createHash>, absolute: string): void {
  const stat = statSync(absolute, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isDirectory()) {
    for (const entry of readdirSync(absolute).sort()) addTree(hash, path.join(absolute, entry));
    return;
  }
  // Tests do not shape a cluster.
  if (/\.test\.ts$/.test(absolute)) return;
  hash.update(path.relative(runnerDir, absolute)).update("\0").update(readFileSync(absolute));
}

/** A digest of everything that can change the set's outcome. */
export function conformanceInputs(): string {
  const hash = createHash("sha256");
  for (const set of ["platform", "conformance"] as const)
    for (const { spec, wanted } of plannedImages(set))
      if (spec.role !== "host") hash.update(`${spec.name}=${wanted}\n`);
  for (const tree of INPUT_TREES) addTree(hash, path.join(runnerDir, tree));
  return hash.digest("hex").slice(0, 16);
}

export function readRecord(): ConformanceRecord | undefined {
  if (!existsSync(RECORD_FILE)) return undefined;
  try {
    return JSON.parse(readFileSync(RECORD_FILE, "utf8")) as ConformanceRecord;
  } catch {
    return undefined;
  }
}

export async function writeRecord(record: ConformanceRecord): Promise<void> {
  await writeFile(RECORD_FILE, `${JSON.stringify(record, null, 2)}\n`);
}
