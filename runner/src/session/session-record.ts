import { z } from "zod";
import { restoreReportSchema } from "../protocol/resume-api.ts";
import { sessionStates } from "../protocol/runner-api.ts";

// What the runner persists about a session. Times are epoch milliseconds; the API turns
// them into ISO strings. "expiring" is never stored: it is derived from the clock.
export const storedStates = sessionStates.filter((s) => s !== "expiring");

export const sessionRecordSchema = z.object({
  id: z.string(),
  labSlug: z.string(),
  userId: z.string(),
  /** Topology key of the lab (see topology.ts); the pool is keyed the same way. */
  topology: z.string(),
  /** The environment (cluster + workstation) currently serving the session. */
  environment: z.string().optional(),
  state: z.enum(["provisioning", "ready", "resetting", "failed", "ended"]),
  progress: z.array(z.object({ step: z.string(), at: z.number() })),
  reason: z.string().optional(),
  fromPool: z.boolean(),
  createdAt: z.number(),
  readyAt: z.number().optional(),
  endedAt: z.number().optional(),
  lastActivityAt: z.number(),
  /** The time limit; extensions move it, never past createdAt + the maximum length. */
  deadlineAt: z.number(),
  /** When the learner's work was last kept (work-keeping.ts). */
  snapshotAt: z.number().optional(),
  /** What Resume put back into this session's environment. */
  restore: restoreReportSchema.optional(),
});
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

/** A session that still holds (or is getting) an environment. */
export const isLive = (s: SessionRecord) =>
  s.state === "provisioning" || s.state === "ready" || s.state === "resetting";
