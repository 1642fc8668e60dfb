// Which files of the learner's workstation home Resume keeps: those changed since the
// environment was made (newer than its kubeconfig, written last at creation), except the
// kubeconfig itself (the fresh cluster's is different), caches, shell and editor history
// and swap files. Bounded in size and number, so a snapshot stays small enough to store.

import { LEARNER_HOME } from "../environment/workstation-container.ts";

/** Prints `<size> <path relative to home>\0` for each candidate, as the learner. */
export const HOME_FIND_SCRIPT = [
  `cd ${LEARNER_HOME} && find . -type f -newer .kube/config`,
  "! -path './.kube/*' ! -path './.cache/*' ! -path './.kindling-*'",
  "! -name '.bash_history' ! -name '.*_history' ! -name '.lesshst' ! -name '.viminfo'",
  "! -name '*.swp' ! -name '*.swo'",
  "-printf '%s %P\\0'",
].join(" ");

export const MAX_FILE_BYTES = 256 * 1024;
export const MAX_TOTAL_BYTES = 1024 * 1024;
export const MAX_FILES = 200;

export interface HomeEntry {
  path: string;
  size: number;
}

export function parseHomeListing(output: string): HomeEntry[] {
  return output
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const space = line.indexOf(" ");
      return { size: Number(line.slice(0, space)), path: line.slice(space + 1) };
    })
    .filter((e) => Number.isFinite(e.size) && e.path !== "");
}

/** Smallest first, so one huge file never crowds out the learner's manifests. */
export function chooseHomeFiles(entries: readonly HomeEntry[]): {
  files: string[];
  left: string[];
} {
  const files: string[] = [];
  const left: string[] = [];
  let total = 0;
  for (const entry of [...entries].sort(
    (a, b) => a.size - b.size || a.path.localeCompare(b.path),
  )) {
    const fits =
      entry.size <= MAX_FILE_BYTES &&
      total + entry.size <= MAX_TOTAL_BYTES &&
      files.length < MAX_FILES;
    if (fits) {
      files.push(entry.path);
      total += entry.size;
    } else left.push(entry.path);
  }
  return { files: files.sort(), left: left.sort() };
}
