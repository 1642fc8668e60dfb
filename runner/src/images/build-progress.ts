// Progress of an image-set build, shared between processes: the builder that holds the
// build lock writes it to a file under KINDLING_CACHE, and any process waiting for that
// build (a runner, `npm test`, the CLI) reads it to show the same figures.
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { env } from "../env.ts";

export const buildProgressSchema = z.object({
  /** Images already current or finished in this build. */
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  /** The image being built now. */
  current: z.string().optional(),
  /** Seconds the rest should take, from earlier builds' times (or typical ones). */
  etaSeconds: z.number().min(0),
  startedAt: z.string(),
  updatedAt: z.string(),
  /** pid of the building process, so a reader can tell a dead build from a live one. */
  pid: z.number().int(),
});
export type BuildProgress = z.infer<typeof buildProgressSchema>;

const progressFile = () => path.join(env.KINDLING_CACHE, "image-build-progress.json");
const timesFile = () => path.join(env.KINDLING_CACHE, "image-build-times.json");

/**
 * Cold build seconds of each recipe on this project's 2-core machines (1,331 s in all on a
 * fresh one), for the estimate before this host has built anything. The first
 * control-plane image compiles every Kubernetes binary; the others reuse them.
 */
const TYPICAL_SECONDS: Record<string, number> = {
  "kube-apiserver": 310,
  "kube-controller-manager": 1,
  "kube-scheduler": 1,
  "kube-proxy": 26,
  etcd: 21,
  coredns: 167,
  pause: 1,
  kindnet: 29,
  kubia: 1,
  "metallb-controller": 244,
  "metallb-speaker": 1,
  traefik: 312,
  busybox: 2,
  nginx: 31,
  curl: 43,
  registry: 73,
  workstation: 22,
  node: 51,
};
const FALLBACK_SECONDS = 60;

export type BuildTimes = Record<string, number>;

export function readBuildTimes(): BuildTimes {
  try {
    return z.record(z.string(), z.number()).parse(JSON.parse(readFileSync(timesFile(), "utf8")));
  } catch {
    return {};
  }
}

export async function recordBuildTime(id: string, seconds: number): Promise<void> {
  const times = { ...readBuildTimes(), [id]: Math.round(seconds * 10) / 10 };
  await writeAtomically(timesFile(), JSON.stringify(times, null, 2));
}

/** Seconds the given images should take, from this host's record or the typical figure. */
export function estimateSeconds(ids: string[], times: BuildTimes = readBuildTimes()): number {
  return ids.reduce((sum, id) => sum + (times[id] ?? TYPICAL_SECONDS[id] ?? FALLBACK_SECONDS), 0);
}

export async function writeBuildProgress(progress: BuildProgress): Promise<void> {
  await writeAtomically(progressFile(), JSON.stringify(progress));
}

/** The progress a live build last wrote; undefined when none is running. */
export function readBuildProgress(isAlive = processAlive): BuildProgress | undefined {
  if (!existsSync(progressFile())) return undefined;
  try {
    const progress = buildProgressSchema.parse(JSON.parse(readFileSync(progressFile(), "utf8")));
    return isAlive(progress.pid) ? progress : undefined;
  } catch {
    return undefined;
  }
}

/** "7 of 18, about 9 minutes left" */
export function describeProgress(p: Pick<BuildProgress, "done" | "total" | "etaSeconds">): string {
  const minutes = Math.ceil(p.etaSeconds / 60);
  const left =
    p.etaSeconds < 60
      ? "less than a minute left"
      : `about ${minutes} minute${minutes === 1 ? "" : "s"} left`;
  return `${p.done} of ${p.total}, ${left}`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}
