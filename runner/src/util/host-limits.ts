// Kernel limits several clusters on one host outgrow: each node's kubelet, kube-proxy and
// containerd hold inotify instances, and the default of 128 per user runs out with three
// or four clusters ("too many open files"). The values are the ones kind documents.
import { readFile, writeFile } from "node:fs/promises";

export const INOTIFY_MINIMUMS = {
  "fs/inotify/max_user_instances": 512,
  "fs/inotify/max_user_watches": 524288,
} as const;

/**
 * Raises each limit that is below its minimum when this process may (root), and returns
 * one line per limit it could not raise, saying what to run.
 */
export async function ensureHostLimits(
  procSys = "/proc/sys",
  write: (file: string, value: string) => Promise<void> = writeFile,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [key, minimum] of Object.entries(INOTIFY_MINIMUMS)) {
    const file = `${procSys}/${key}`;
    const current = Number((await readFile(file, "utf8").catch(() => "")).trim());
    if (!Number.isFinite(current) || current >= minimum) continue;
    try {
      await write(file, String(minimum));
    } catch {
      problems.push(
        `${key.replaceAll("/", ".")} is ${current}; several lab clusters need ${minimum}: run \`sudo sysctl -w ${key.replaceAll("/", ".")}=${minimum}\``,
      );
    }
  }
  return problems;
}
