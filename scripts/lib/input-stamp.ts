// "Is this output stale?" as a content hash of its inputs, stored beside the output, so
// setup steps are skipped when nothing they depend on changed (mtimes lie after a clone).
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

async function* files(entry: string): AsyncGenerator<string> {
  const children = await readdir(entry, { withFileTypes: true }).catch(() => undefined);
  if (!children) {
    yield entry;
    return;
  }
  for (const child of children.sort((a, b) => a.name.localeCompare(b.name))) {
    yield* files(path.join(entry, child.name));
  }
}

export async function hashInputs(root: string, inputs: string[], extra = ""): Promise<string> {
  const hash = createHash("sha256").update(extra);
  for (const input of inputs) {
    for await (const file of files(path.join(root, input))) {
      const content = await readFile(file).catch(() => Buffer.alloc(0));
      hash.update(path.relative(root, file)).update("\0").update(content).update("\0");
    }
  }
  return hash.digest("hex");
}

export async function isFresh(stampFile: string, hash: string): Promise<boolean> {
  return (await readFile(stampFile, "utf8").catch(() => "")) === hash;
}

export async function writeStamp(stampFile: string, hash: string): Promise<void> {
  await writeFile(stampFile, hash);
}
