// The runner's HTTP API, declared once: every route's method, path, path parameters,
// request and response schemas, success status and the error codes it may answer with
// (each as `{error: {code, message}}` with the status `errorStatus` gives). The runner
// serves exactly this table (runner/src/api/api-handler.ts) and every caller goes through
// runner-client.ts, so no path is spelled anywhere else. Pure: the web app imports it.
import type { z } from "zod";
import { browseRequestSchema, browseResponseSchema } from "./browser-api.ts";
import { workSnapshotSchema } from "./resume-api.ts";
import { liveTokenRequestSchema, liveTokenResponseSchema } from "./live-api.ts";
import {
  applyFileRequestSchema,
  applyFileResponseSchema,
  checkStepRequestSchema,
  checkStepResponseSchema,
  editorSchemaResponseSchema,
  resetStepRequestSchema,
  stepIdSchema,
} from "./player-api.ts";
import {
  capacityViewSchema,
  createSessionRequestSchema,
  type ErrorCode,
  healthViewSchema,
  runnerStatusViewSchema,
  sessionIdSchema,
  sessionViewSchema,
  tabSchema,
  terminalTokenRequestSchema,
  terminalTokenResponseSchema,
} from "./runner-api.ts";

type ParamSchemas = Record<string, z.ZodType<string | number>>;

export interface RouteSpec {
  method: "GET" | "POST" | "DELETE";
  /** `:name` segments are the route's path parameters. */
  path: `/v1/${string}`;
  params?: ParamSchemas;
  /** Absent: the route reads no body. */
  body?: z.ZodType;
  /** The largest request body accepted, in bytes (64 KiB unless said). */
  maxBodyBytes?: number;
  status: 200 | 201 | 202;
  response: z.ZodType;
  /** Refusals particular to the route; `unauthorized`, `not_found`, `internal` are always possible. */
  errors: readonly ErrorCode[];
  /** Answered without the bearer secret. */
  public?: true;
}

const session = { id: sessionIdSchema };
const sessionStep = { id: sessionIdSchema, stepId: stepIdSchema };
/** Refusals of a route that acts on a live session's environment. */
const onReadySession = ["unknown_session", "conflict"] as const;

export const runnerRoutes = {
  health: {
    method: "GET",
    path: "/v1/health",
    status: 200,
    response: healthViewSchema,
    errors: [],
    public: true,
  },
  createSession: {
    method: "POST",
    path: "/v1/sessions",
    body: createSessionRequestSchema,
    // A Resume carries the kept work: objects and a home archive of up to 2 MiB.
    maxBodyBytes: 4 * 1024 * 1024,
    status: 202,
    response: sessionViewSchema,
    errors: ["bad_request", "unknown_lab", "at_capacity", "unavailable"],
  },
  getSession: {
    method: "GET",
    path: "/v1/sessions/:id",
    params: session,
    status: 200,
    response: sessionViewSchema,
    errors: ["unknown_session"],
  },
  sessionSnapshot: {
    method: "GET",
    path: "/v1/sessions/:id/snapshot",
    params: session,
    status: 200,
    response: workSnapshotSchema,
    errors: ["unknown_session"],
  },
  endSession: {
    method: "DELETE",
    path: "/v1/sessions/:id",
    params: session,
    status: 200,
    response: sessionViewSchema,
    errors: ["unknown_session"],
  },
  extendSession: {
    method: "POST",
    path: "/v1/sessions/:id/extend",
    params: session,
    status: 200,
    response: sessionViewSchema,
    errors: onReadySession,
  },
  resetSession: {
    method: "POST",
    path: "/v1/sessions/:id/reset",
    params: session,
    status: 202,
    response: sessionViewSchema,
    errors: [...onReadySession, "at_capacity", "unavailable"],
  },
  terminalToken: {
    method: "POST",
    path: "/v1/sessions/:id/terminal-tokens",
    params: session,
    body: terminalTokenRequestSchema,
    status: 201,
    response: terminalTokenResponseSchema,
    errors: ["bad_request", ...onReadySession],
  },
  capacity: {
    method: "GET",
    path: "/v1/capacity",
    status: 200,
    response: capacityViewSchema,
    errors: [],
  },
  status: {
    method: "GET",
    path: "/v1/status",
    status: 200,
    response: runnerStatusViewSchema,
    errors: [],
  },
  // The lab player's endpoints (player-api.ts says what each does).
  checkStep: {
    method: "POST",
    path: "/v1/sessions/:id/steps/:stepId/check",
    params: sessionStep,
    body: checkStepRequestSchema,
    status: 200,
    response: checkStepResponseSchema,
    errors: ["bad_request", ...onReadySession],
  },
  applyFile: {
    method: "POST",
    path: "/v1/sessions/:id/files/apply",
    params: session,
    body: applyFileRequestSchema,
    // Up to 256 KiB of YAML, JSON-escaped.
    maxBodyBytes: 600 * 1024,
    status: 200,
    response: applyFileResponseSchema,
    errors: ["bad_request", ...onReadySession],
  },
  resetStep: {
    method: "POST",
    path: "/v1/sessions/:id/steps/:stepId/reset",
    params: sessionStep,
    body: resetStepRequestSchema,
    status: 202,
    response: sessionViewSchema,
    errors: ["bad_request", ...onReadySession],
  },
  editorSchema: {
    method: "GET",
    path: "/v1/sessions/:id/editor-schema",
    params: session,
    status: 200,
    response: editorSchemaResponseSchema,
    errors: onReadySession,
  },
  browse: {
    method: "POST",
    path: "/v1/sessions/:id/browse",
    params: session,
    body: browseRequestSchema,
    status: 200,
    response: browseResponseSchema,
    errors: ["bad_request", ...onReadySession],
  },
  // Live checks (live-api.ts): a token for the WebSocket at liveRoute.
  liveToken: {
    method: "POST",
    path: "/v1/sessions/:id/live-tokens",
    params: session,
    body: liveTokenRequestSchema,
    status: 201,
    response: liveTokenResponseSchema,
    errors: ["bad_request", ...onReadySession],
  },
} as const satisfies Record<string, RouteSpec>;

export type RunnerRoutes = typeof runnerRoutes;
export type RouteName = keyof RunnerRoutes;

/** The browser terminal: a WebSocket upgrade on the runner's port (terminal-server.ts). */
export const terminalRoute = {
  path: "/v1/sessions/:id/terminals/:tab",
  params: { id: sessionIdSchema, tab: tabSchema },
} as const satisfies Pick<RouteSpec, "path" | "params">;

/** Live check states of the player's current step: a WebSocket upgrade (live/live-server.ts). */
export const liveRoute = {
  path: "/v1/sessions/:id/live",
  params: { id: sessionIdSchema },
} as const satisfies Pick<RouteSpec, "path" | "params">;

type ParamValues<P> = { [K in keyof P]: P[K] extends z.ZodType ? z.output<P[K]> : never };

/** What a call of route N takes: its path parameters and its body, where it has them. */
export type RouteInput<N extends RouteName> = (RunnerRoutes[N] extends { params: infer P }
  ? { params: ParamValues<P> }
  : { params?: undefined }) &
  (RunnerRoutes[N] extends { body: infer B extends z.ZodType }
    ? { body: z.input<B> }
    : { body?: undefined });

/** What the runner's handler of route N gets: its parameters and body, parsed. */
export type RouteRequest<N extends RouteName> = (RunnerRoutes[N] extends { params: infer P }
  ? { params: ParamValues<P> }
  : { params: Record<string, never> }) &
  (RunnerRoutes[N] extends { body: infer B extends z.ZodType }
    ? { body: z.output<B> }
    : { body: undefined });

/** What route N answers with on success. */
export type RouteOutput<N extends RouteName> = z.output<RunnerRoutes[N]["response"]>;

/** The runner's implementation of the contract, one handler per route. */
export type RouteHandlers = {
  [N in RouteName]: (request: RouteRequest<N>) => Promise<RouteOutput<N>>;
};

/** Parameters checked by the route's own schemas, so an id never smuggles a `/` in. */
export function routePath(
  route: Pick<RouteSpec, "path" | "params">,
  params: Record<string, string | number> = {},
): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const schema = route.params?.[name];
    if (!schema || params[name] === undefined)
      throw new Error(`${route.path}: no value for :${name}`);
    return encodeURIComponent(String(schema.parse(params[name])));
  });
}

/** The raw `:name` values of a path that has the template's shape, else undefined. */
export function matchPath(template: string, pathname: string): Record<string, string> | undefined {
  const want = template.split("/");
  const got = pathname.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = got[i]!;
    if (part.startsWith(":")) {
      if (!value) return undefined;
      try {
        params[part.slice(1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (part !== value) return undefined;
  }
  return params;
}

export const terminalPath = (sessionId: string, tab: number) =>
  routePath(terminalRoute, { id: sessionId, tab });

export const livePath = (sessionId: string) => routePath(liveRoute, { id: sessionId });
