// The web app's only way to the runner: HTTP with the shared bearer secret, from server
// code only. Every answer is checked and reshaped at this edge; a runner that is not
// configured, not answering or lacking an endpoint becomes a RunnerUnavailable with words a
// learner can read, never a pretend success.
import "server-only";
import type { ApplyFileRequest } from "@kindling/protocol/player-api";
import type { WorkSnapshot } from "@kindling/protocol/resume-api";
import type { ErrorBody } from "@kindling/protocol/runner-api";
import {
  type RouteInput,
  type RouteName,
  type RouteOutput,
  runnerRoutes,
} from "@kindling/protocol/runner-contract";
import {
  RunnerApiError,
  RunnerClient,
  RunnerContractError,
} from "@kindling/protocol/runner-client";
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

async function call<N extends RouteName>(
  name: N,
  input: RouteInput<N>,
  what = "the lab runner",
): Promise<RouteOutput<N>> {
  if (!env.runnerUrl || !env.runnerSecret)
    throw new RunnerUnavailable(
      "The lab runner is not configured on this server (KINDLING_RUNNER_URL and KINDLING_RUNNER_SECRET).",
      "not-configured",
    );
  const client = new RunnerClient(env.runnerUrl, env.runnerSecret, {
    init: () => ({ cache: "no-store", signal: AbortSignal.timeout(120_000) }),
  });
  try {
    return await client.call(name, input);
  } catch (error) {
    if (error instanceof RunnerApiError) {
      if (error.status === 404 && !error.body)
        throw new RunnerUnavailable(`The lab runner cannot do this yet (${what}).`, "missing", 404);
      const message = error.body?.error.message ?? error.text.slice(0, 300);
      throw new RunnerUnavailable(
        message || `runner answered ${error.status}`,
        "refused",
        error.status,
      );
    }
    if (error instanceof RunnerContractError) {
      if (error.side === "request") throw error;
      const route = runnerRoutes[name];
      throw new RunnerUnavailable(
        `The lab runner answered ${route.method} ${route.path} in an unexpected shape.`,
        "refused",
      );
    }
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
    throw new RunnerUnavailable(`The lab runner is not answering (${cause}).`, "unreachable");
  }
}

export type { ErrorBody };

// Session lifecycle: the runner service's routes (runner/src/protocol/runner-contract.ts).
export const runnerClient = {
  createSession: (labSlug: string, userId: string, resume?: WorkSnapshot) =>
    call("createSession", { body: { labSlug, userId, ...(resume ? { resume } : {}) } }),
  getSession: (id: string) => call("getSession", { params: { id } }),
  sessionSnapshot: (id: string) => call("sessionSnapshot", { params: { id } }, "kept work"),
  extendSession: (id: string) => call("extendSession", { params: { id } }, "extending a session"),
  resetLab: (id: string) => call("resetSession", { params: { id } }, "resetting a lab"),
  endSession: (id: string) => call("endSession", { params: { id } }),
  status: () => call("status", {}, "the runner's status"),
  /** `origin`: the page that will open the terminal; the runner refuses any other. */
  terminalToken: (id: string, tab: number, origin: string) =>
    call("terminalToken", { params: { id }, body: { tab, origin } }),

  // The player's endpoints (runner/src/protocol/player-api.ts).
  checkStep: (id: string, stepId: string) =>
    call("checkStep", { params: { id, stepId }, body: {} }, "checking a step"),
  applyFile: (id: string, request: ApplyFileRequest) =>
    call("applyFile", { params: { id }, body: request }, "applying a file"),
  resetStep: (id: string, stepId: string) =>
    call("resetStep", { params: { id, stepId }, body: {} }, "resetting a step"),
  editorSchema: (id: string) => call("editorSchema", { params: { id } }, "the editor schema"),
  browse: (id: string, url: string) =>
    call("browse", { params: { id }, body: { url } }, "the Browser tab"),
  /** A one-use token for the live check states' WebSocket, opened from `origin`. */
  liveToken: (id: string, origin: string) =>
    call("liveToken", { params: { id }, body: { origin } }, "live checks"),
};
