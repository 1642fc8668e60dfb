// The manifests and scripts of a lab folder (setup/, solution/NN/, wrong/<name>/), read in
// name order so that applying them is repeatable.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export interface ManifestFile {
  name: string;
  content: string;
}

export interface AnswerFolder {
  manifests: ManifestFile[];
  /** Runs in the workstation as the learner, after the manifests are applied. */
  solve?: string;
  /** Undoes what solve.sh started (a background port-forward), for known-wrong answers. */
  undo?: string;
}

export async function readAnswerFolder(labDir: string, folder: string): Promise<AnswerFolder> {
  const dir = path.join(labDir, folder);
  const names = (await readdir(dir)).sort();
  const read = (name: string) => readFile(path.join(dir, name), "utf8");
  const manifests = await Promise.all(
    names
      .filter((n) => /\.ya?ml$/.test(n))
      .map(async (name) => ({ name, content: await read(name) })),
  );
  return {
    manifests,
    solve: names.includes("solve.sh") ? await read("solve.sh") : undefined,
    undo: names.includes("undo.sh") ? await read("undo.sh") : undefined,
  };
}
