// A step's reference solution as a learner sees it when they choose to reveal it: the
// files of its solution folder (manifests and solve.sh), read from the labs folder.
import "server-only";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Lab } from "@kindling/lab-format/lab-format";
import { env } from "@/lib/env";

export interface SolutionFile {
  name: string;
  content: string;
}

export async function readSolution(lab: Lab, stepIndex: number): Promise<SolutionFile[]> {
  const folder = lab.steps[stepIndex]?.solution;
  if (!folder) return [];
  // The lab format allows only `solution/<name>`, so this stays inside the lab's folder.
  const dir = path.join(env.labsDir, lab.slug, folder);
  const names = (await readdir(dir).catch(() => [] as string[])).sort();
  const files = await Promise.all(
    names
      .filter((name) => /\.(ya?ml|sh)$/.test(name))
      .map(async (name) => ({ name, content: await readFile(path.join(dir, name), "utf8") })),
  );
  return files;
}
