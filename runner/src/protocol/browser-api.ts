// The player's Browser tab: the runner fetches one URL inside the learner's own
// environment and answers with what came back, or with why it refused. Pure (no I/O): the
// web app imports it. The route is declared in runner-contract.ts.
//
// POST /v1/sessions/:id/browse — body BrowseRequest, answer 200 BrowseResponse. A refusal
// or a failed request is an answer (the tab shows it), not an error; 409 conflict when the
// session is not ready.
import { z } from "zod";

export const browseRequestSchema = z.strictObject({
  url: z.string().trim().min(1).max(2048),
});
export type BrowseRequest = z.infer<typeof browseRequestSchema>;

/** How the request reached the environment, in words the tab shows. */
export const browseRouteSchema = z.object({
  /** e.g. `Ingress host kubia.example.com → node k…-worker (172.18.0.3)`. */
  via: z.string(),
  /** The address and port the connection went to. */
  address: z.string(),
  /** The Host header sent (and the TLS server name, for https). */
  host: z.string(),
});
export type BrowseRoute = z.infer<typeof browseRouteSchema>;

/** Bodies larger than this are cut; the tab says so. */
export const MAX_BROWSE_BODY_BYTES = 512 * 1024;

export const browseResponseSchema = z.discriminatedUnion("outcome", [
  z.object({
    outcome: z.literal("refused"),
    url: z.string(),
    /** Why the address is not one of this environment's, for the learner. */
    reason: z.string(),
  }),
  z.object({
    outcome: z.literal("failed"),
    url: z.string(),
    route: browseRouteSchema,
    /** curl's own words: refused, timed out, TLS failure… */
    message: z.string(),
    durationMs: z.number().nonnegative(),
  }),
  z.object({
    outcome: z.literal("answered"),
    url: z.string(),
    route: browseRouteSchema,
    status: z.number().int(),
    headers: z.array(z.tuple([z.string(), z.string()])),
    contentType: z.string(),
    /** The body as text (UTF-8); empty when it is not text. */
    body: z.string(),
    truncated: z.boolean(),
    /** A redirect's target, shown and never followed by the runner. */
    location: z.string().optional(),
    /** The client address of the request: the workstation's, as the runner sent it. */
    clientAddress: z.string(),
    /** Which address the backend sees, in words: NAT and proxies change it on the way. */
    backendSees: z.string(),
    durationMs: z.number().nonnegative(),
  }),
]);
export type BrowseResponse = z.infer<typeof browseResponseSchema>;
