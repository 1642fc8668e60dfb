// Taking a snapshot of a learner's work in a live environment: their objects (every learner
// kind in their namespaces, read as admin over the grader's kept connection, then filtered
// by export-filter.ts) and the files they changed in their workstation home.
import type { LabEnvironment } from "../environment/lab-environment.ts";
import { LEARNER_NAMESPACES } from "../environment/learner-access.ts";
import { LEARNER_KINDS } from "../environment/learner-kinds.ts";
import { LEARNER_HOME } from "../environment/workstation-container.ts";
import { environmentTarget } from "../grader/environment-target.ts";
import {
  MAX_HOME_ARCHIVE_CHARS,
  MAX_KEPT_OBJECTS,
  type WorkSnapshot,
} from "../protocol/resume-api.ts";
import type { KubeReader } from "../util/kube-reader.ts";
import { keepForResume } from "./export-filter.ts";
import { chooseHomeFiles, HOME_FIND_SCRIPT, parseHomeListing } from "./home-files.ts";

type Json = Record<string, unknown>;

export async function takeSnapshot(environment: LabEnvironment, now = new Date()) {
  const reader = await environmentTarget(environment).reader?.();
  if (!reader) throw new Error(`environment ${environment.name} has no API server to read`);
  const objects = keepForResume(await learnerObjects(reader)).slice(0, MAX_KEPT_OBJECTS);
  return {
    takenAt: now.toISOString(),
    objects,
    home: await homeArchive(environment),
  } satisfies WorkSnapshot;
}

/** Every object of the learner kinds in the learner's namespaces, with kind and apiVersion. */
export async function learnerObjects(reader: KubeReader): Promise<Json[]> {
  const objects: Json[] = [];
  for (const kind of LEARNER_KINDS) {
    // A kind this cluster does not serve (an add-on's API the lab lacks) has nothing to keep.
    const resolved = await reader.resolve(kind.name).catch(() => undefined);
    if (!resolved?.namespaced) continue;
    for (const ns of LEARNER_NAMESPACES) {
      const list = await reader.request(
        `${resolved.base}/namespaces/${encodeURIComponent(ns)}/${resolved.plural}`,
      );
      const items = Array.isArray(list?.items) ? (list.items as Json[]) : [];
      const listKind = typeof list?.kind === "string" ? list.kind.replace(/List$/, "") : "";
      for (const item of items)
        objects.push({ apiVersion: list?.apiVersion, kind: listKind, ...item });
    }
  }
  return objects;
}

async function homeArchive(environment: LabEnvironment): Promise<WorkSnapshot["home"]> {
  const listing = await environment.workstationExec(["sh", "-c", HOME_FIND_SCRIPT], {
    timeoutMs: 20_000,
  });
  if (listing.exitCode !== 0)
    throw new Error(`listing the learner's files failed: ${listing.stderr.trim()}`);
  const { files, left } = chooseHomeFiles(parseHomeListing(listing.stdout));
  if (files.length === 0) return { archive: "", files, left };
  const packed = await environment.workstationExec(
    ["sh", "-c", 'tar -czf - -C "$0" -- "$@" | base64 -w0', LEARNER_HOME, ...files],
    { timeoutMs: 30_000 },
  );
  if (packed.exitCode !== 0 || packed.stdout.length > MAX_HOME_ARCHIVE_CHARS)
    return { archive: "", files: [], left: [...files, ...left] };
  return { archive: packed.stdout.trim(), files, left };
}
