// The runner's HTTP and terminal protocol: request and response shapes and their zod
// schemas. Pure (no I/O, no Node APIs) so the web app imports it to call the runner and
// to drive the browser terminal.
import { z } from "zod";
import { labSlugSchema } from "../lab-format/lab-format.ts";
import { restoreReportSchema, workSnapshotSchema } from "./resume-api.ts";

export const sessionIdSchema = z
  .string()
  .regex(/^s[0-9a-f]{20}$/, "expected a session id such as s0123456789abcdef0123");

/** The app's user id; opaque to the runner, kept for operators and quotas. */
export const userIdSchema = z.string().min(1).max(200);

/** Terminal tabs per session; each is its own tmux session in the workstation. */
export const MAX_TABS = 8;
export const tabSchema = z.coerce.number().int().min(1).max(MAX_TABS);

export const createSessionRequestSchema = z.strictObject({
  labSlug: labSlugSchema,
  userId: userIdSchema,
  /** The learner's work from an earlier session, applied after the lab's setup (Resume). */
  resume: workSnapshotSchema.optional(),
});
export type CreateSessionRequest = z.infer<typeof createSessionRequestSchema>;

/**
 * The origin (scheme://host[:port]) of the page that will open the terminal. The runner
 * binds it into the token and refuses a WebSocket upgrade whose Origin header differs, so a
 * token that leaks cannot be used from another site's page.
 */
export const terminalOriginSchema = z
  .url({ protocol: /^https?$/, error: "expected the page's origin, e.g. https://labs.example.org" })
  .transform((url) => new URL(url).origin);

export const terminalTokenRequestSchema = z.strictObject({
  tab: tabSchema.default(1),
  origin: terminalOriginSchema,
});
export type TerminalTokenRequest = z.infer<typeof terminalTokenRequestSchema>;

export const sessionStates = [
  "provisioning",
  "ready",
  /** Ready, but within the warning window before an idle or time-limit expiry. */
  "expiring",
  "resetting",
  "failed",
  "ended",
] as const;
export type SessionState = (typeof sessionStates)[number];

export const progressStepSchema = z.object({
  step: z.string(),
  /** ISO time the step began. */
  at: z.string(),
});
export type ProgressStep = z.infer<typeof progressStepSchema>;

export const sessionViewSchema = z.object({
  id: z.string(),
  labSlug: z.string(),
  userId: z.string(),
  state: z.enum(sessionStates),
  /** Provisioning (or reset) steps in order, for a learner to watch. */
  progress: z.array(progressStepSchema),
  /** Why the session failed or ended, in words a learner can read. */
  reason: z.string().optional(),
  /** True when the environment came ready-made from the warm pool. */
  fromPool: z.boolean(),
  createdAt: z.string(),
  readyAt: z.string().optional(),
  endedAt: z.string().optional(),
  /** When the session ends unless extended (time limit) or used (idle limit). */
  expiresAt: z.string().optional(),
  expiresBecause: z.enum(["idle", "time-limit"]).optional(),
  /** When the learner's work was last kept (GET …/snapshot serves it). */
  snapshotAt: z.string().optional(),
  /** What Resume put back, and what the fresh cluster refused. */
  restore: restoreReportSchema.optional(),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

export const terminalTokenResponseSchema = z.object({
  token: z.string(),
  /** WebSocket URL with the token in its query; open it within `expiresAt`. */
  url: z.string(),
  expiresAt: z.string(),
});
export type TerminalTokenResponse = z.infer<typeof terminalTokenResponseSchema>;

export const poolViewSchema = z.object({
  topology: z.string(),
  ready: z.number(),
  provisioning: z.number(),
  target: z.number(),
});
export type PoolView = z.infer<typeof poolViewSchema>;

export const capacityViewSchema = z.object({
  maxEnvironments: z.number(),
  /** Environments held by sessions, by the pool, and being made. */
  inUse: z.number(),
  available: z.number(),
  pool: z.array(poolViewSchema),
});
export type CapacityView = z.infer<typeof capacityViewSchema>;

/** Whether the runner can make environments: the Docker engine and the image set. */
export const imageSupplyViewSchema = z.object({
  phase: z.enum(["checking", "building", "ready", "failed", "docker-unavailable"]),
  /** Words for a person: what is happening, or what to do. */
  message: z.string(),
  /** While building: images current so far, of how many, and the seconds left. */
  done: z.number().optional(),
  total: z.number().optional(),
  current: z.string().optional(),
  etaSeconds: z.number().optional(),
});
export type ImageSupplyView = z.infer<typeof imageSupplyViewSchema>;

export const runnerStatusViewSchema = z.object({
  images: imageSupplyViewSchema,
  capacity: capacityViewSchema,
});
export type RunnerStatusView = z.infer<typeof runnerStatusViewSchema>;

export const healthViewSchema = z.object({
  ok: z.literal(true),
  version: z.string(),
  sessions: z.number(),
});
export type HealthView = z.infer<typeof healthViewSchema>;

export const errorCodes = [
  "bad_request",
  "unauthorized",
  "not_found",
  "unknown_lab",
  "unknown_session",
  "conflict",
  "at_capacity",
  /** The Docker engine is not reachable: nothing can be made until it is started. */
  "unavailable",
  "internal",
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** The HTTP status each error code is answered with. */
export const errorStatus: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  unknown_lab: 404,
  unknown_session: 404,
  conflict: 409,
  at_capacity: 503,
  unavailable: 503,
  internal: 500,
};

/** Every refusal has this body, with the status `errorStatus` gives its code. */
export const errorBodySchema = z.object({
  error: z.object({ code: z.enum(errorCodes), message: z.string() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * Browser → runner terminal messages. Keystrokes travel as raw text or binary frames;
 * a text frame that is exactly this JSON is a control message instead.
 */
export const terminalControlSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("resize"),
    cols: z.number().int().min(1).max(1000),
    rows: z.number().int().min(1).max(1000),
  }),
]);
export type TerminalControl = z.infer<typeof terminalControlSchema>;

/** WebSocket close codes the runner uses (4000–4999 is the application range). */
export const terminalCloseCodes = {
  shellExited: 1000,
  unauthorized: 4401,
  sessionNotReady: 4409,
  sessionEnded: 4410,
  internal: 4500,
} as const;
