// The web app's only way to the runner: HTTP with the shared bearer secret, from server
// code only. Every answer is checked and reshaped at this edge; a runner that is not
// configured, not answering or lacking an endpoint becomes a RunnerUnavailable with words a
// learner can read, never a pretend success.
import "server-only";
import {
  applyFilePath,
  applyFileResponseSchema,
  checkStepPath,
  checkStepResponseSchema,
  editorSchemaPath,
  editorSchemaResponseSchema,
  resetStepPath,
  type ApplyFileRequest,
  type ApplyFileResponse,
  type CheckStepResponse,
  type EditorSchemaResponse,
} from "@kindling/protocol/player-api";
import type {
  ErrorBody,
  RunnerStatusView,
  SessionView,
  TerminalTokenRequest,
  TerminalTokenResponse,
} from "@kindling/protocol/runner-api";
import { z } from "zod";
import { env } from "@/lib/env";

export class RunnerUnavailable extends Error {
  constructor(
    message: string,
    /** `missing` when the runner has no such endpoint yet (404 on a route it lacks). */
    readonly kind: "not-configured" | "unreachable" | "missing" | "refused",
    readonly status?: number,
  ) {
    super(message);
  }
}

const sessionViewSchema = z.object({
  id: z.string(),
  labSlug: z.string(),
  userId: z.string(),
  state: z.enum(["provisioning", "ready", "expiring", "resetting", "failed", "ended"]),
  progress: z.array(z.object({ step: z.string(), at: z.string() })),
  reason: z.string().optional(),
  fromPool: z.boolean(),
  createdAt: z.string(),
  readyAt: z.string().optional(),
  endedAt: z.string().optional(),
  expiresAt: z.string().optional(),
  expiresBecause: z.enum(["idle", "time-limit"]).optional(),
}) satisfies z.ZodType<SessionView>;

const terminalTokenSchema = z.object({
  token: z.string(),
  url: z.string(),
  expiresAt: z.string(),
}) satisfies z.ZodType<TerminalTokenResponse>;

const runnerStatusSchema = z.object({
  images: z.object({
    phase: z.enum(["checking", "building", "ready", "failed", "docker-unavailable"]),
    message: z.string(),
    done: z.number().optional(),
    total: z.number().optional(),
    current: z.string().optional(),
    etaSeconds: z.number().optional(),
  }),
  capacity: z.object({
    maxEnvironments: z.number(),
    inUse: z.number(),
    available: z.number(),
    pool: z.array(
      z.object({
        topology: z.string(),
        ready: z.number(),
        provisioning: z.number(),
        target: z.number(),
      }),
    ),
  }),
}) satisfies z.ZodType<RunnerStatusView>;

const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

async function call<T>(
  method: "GET" | "POST" | "DELETE",
  path: string,
  schema: z.ZodType<T>,
  body?: unknown,
  what = "the lab runner",
): Promise<T> {
  if (!env.runnerUrl || !env.runnerSecret)
    throw new RunnerUnavailable(
      "The lab runner is not configured on this server (KINDLING_RUNNER_URL and KINDLING_RUNNER_SECRET).",
      "not-configured",
    );
  let response: Response;
  try {
    response = await fetch(`${env.runnerUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${env.runnerSecret}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
    throw new RunnerUnavailable(`The lab runner is not answering (${cause}).`, "unreachable");
  }
  const text = await response.text();
  const json = parseJson(text);
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(json);
    if (response.status === 404 && !parsed.success)
      throw new RunnerUnavailable(`The lab runner cannot do this yet (${what}).`, "missing", 404);
    const message = parsed.success ? parsed.data.error.message : text.slice(0, 300);
    throw new RunnerUnavailable(
      message || `runner answered ${response.status}`,
      "refused",
      response.status,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new RunnerUnavailable(
      `The lab runner answered ${method} ${path.replace(/\/s[0-9a-f]{20}/, "/…")} in an unexpected shape.`,
      "refused",
      response.status,
    );
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export type { ErrorBody };

// Session lifecycle: the runner service's routes (runner/src/api).
export const runnerClient = {
  createSession: (labSlug: string, userId: string): Promise<SessionView> =>
    call("POST", "/v1/sessions", sessionViewSchema, { labSlug, userId }),
  getSession: (id: string): Promise<SessionView> =>
    call("GET", `/v1/sessions/${id}`, sessionViewSchema),
  extendSession: (id: string): Promise<SessionView> =>
    call("POST", `/v1/sessions/${id}/extend`, sessionViewSchema, {}, "extending a session"),
  resetLab: (id: string): Promise<SessionView> =>
    call("POST", `/v1/sessions/${id}/reset`, sessionViewSchema, {}, "resetting a lab"),
  endSession: (id: string): Promise<SessionView> =>
    call("DELETE", `/v1/sessions/${id}`, sessionViewSchema),
  status: (): Promise<RunnerStatusView> =>
    call("GET", "/v1/status", runnerStatusSchema, undefined, "the runner's status"),
  /** `origin`: the page that will open the terminal; the runner refuses any other. */
  terminalToken: (id: string, tab: number, origin: string): Promise<TerminalTokenResponse> =>
    call("POST", `/v1/sessions/${id}/terminal-tokens`, terminalTokenSchema, {
      tab,
      origin,
    } satisfies TerminalTokenRequest),

  // The player's endpoints (runner/src/protocol/player-api.ts).
  checkStep: (id: string, stepId: string): Promise<CheckStepResponse> =>
    call("POST", checkStepPath(id, stepId), checkStepResponseSchema, {}, "checking a step"),
  applyFile: (id: string, request: ApplyFileRequest): Promise<ApplyFileResponse> =>
    call("POST", applyFilePath(id), applyFileResponseSchema, request, "applying a file"),
  resetStep: (id: string, stepId: string): Promise<SessionView> =>
    call("POST", resetStepPath(id, stepId), sessionViewSchema, {}, "resetting a step"),
  editorSchema: (id: string): Promise<EditorSchemaResponse> =>
    call("GET", editorSchemaPath(id), editorSchemaResponseSchema, undefined, "the editor schema"),
};
