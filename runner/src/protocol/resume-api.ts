// Resume: what the runner keeps of a learner's work when a session ends, and what it
// reports after putting that work back into a fresh environment. Pure, so the site stores
// the snapshot (its database is where per-learner state lives) and hands it back on Resume.
import { z } from "zod";

/** A workstation home archive larger than this (base64 characters) is not kept. */
export const MAX_HOME_ARCHIVE_CHARS = 2 * 1024 * 1024;
/** Learner objects kept per snapshot; a namespace with more is not a lab's work. */
export const MAX_KEPT_OBJECTS = 300;

export const keptObjectSchema = z.record(z.string(), z.unknown());
export type KeptObject = z.infer<typeof keptObjectSchema>;

export const workSnapshotSchema = z.object({
  /** ISO time the snapshot was taken. */
  takenAt: z.string(),
  /** The learner's objects, cleaned for re-applying (resume/export-filter.ts). */
  objects: z.array(keptObjectSchema).max(MAX_KEPT_OBJECTS),
  home: z.object({
    /** tar.gz of the kept files, relative to the learner's home, in base64. */
    archive: z.string().max(MAX_HOME_ARCHIVE_CHARS),
    /** The files in it, for the learner to read before choosing Resume. */
    files: z.array(z.string()).max(1000),
    /** Files changed but left out (too large, too many), so the learner knows. */
    left: z.array(z.string()).max(1000),
  }),
});
export type WorkSnapshot = z.infer<typeof workSnapshotSchema>;

export const restoreReportSchema = z.object({
  /** Objects applied again, as `kind/name`. */
  applied: z.array(z.string()),
  /** Objects the fresh cluster refused, with its reason; the rest of the work is back. */
  refused: z.array(z.object({ object: z.string(), reason: z.string() })),
  /** Files put back in the learner's home. */
  files: z.number(),
  /** Set when the files could not be put back at all. */
  filesProblem: z.string().optional(),
});
export type RestoreReport = z.infer<typeof restoreReportSchema>;

/** `Service/web` for messages and lists. */
export function objectLabel(object: KeptObject): string {
  const metadata = (object.metadata ?? {}) as { name?: unknown };
  return `${String(object.kind)}/${String(metadata.name)}`;
}
