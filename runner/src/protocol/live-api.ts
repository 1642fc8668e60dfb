// Live checks (issue 17): while the player is open, the runner re-grades the current step's
// resource checks when the learner's cluster changes and sends their states over a WebSocket.
// A preview only: the Check button stays the verdict that records progress. Pure: the web
// app imports it.
import { z } from "zod";
import { stepIdSchema } from "./player-api.ts";
import { terminalOriginSchema } from "./runner-api.ts";

export const liveTokenRequestSchema = z.strictObject({
  /** The page that will open the socket; the runner refuses any other origin. */
  origin: terminalOriginSchema,
});

export const liveTokenResponseSchema = z.object({
  token: z.string(),
  /** WebSocket URL with the token in its query; open it within `expiresAt`. */
  url: z.string(),
  expiresAt: z.string(),
});
export type LiveTokenResponse = z.infer<typeof liveTokenResponseSchema>;

/** Browser → runner: which step's checks the player shows. */
export const liveClientMessageSchema = z.strictObject({
  type: z.literal("step"),
  stepId: stepIdSchema,
});
export type LiveClientMessage = z.infer<typeof liveClientMessageSchema>;

/**
 * `passing` / `not-yet`: what the check says of the cluster right now; `not-live`: a check
 * that sends traffic or runs a command, graded only by Check; `unknown`: it could not run.
 */
export const liveCheckStates = ["passing", "not-yet", "not-live", "unknown"] as const;
export type LiveCheckState = (typeof liveCheckStates)[number];

export const liveServerMessageSchema = z.object({
  type: z.literal("states"),
  stepId: stepIdSchema,
  checks: z.array(z.object({ id: z.string(), state: z.enum(liveCheckStates) })),
  /** When the states were read (ISO time). */
  at: z.string(),
});
export type LiveServerMessage = z.infer<typeof liveServerMessageSchema>;

export const liveCloseCodes = {
  unauthorized: 4401,
  unknownStep: 4404,
  sessionNotReady: 4409,
  sessionEnded: 4410,
  internal: 4500,
} as const;
