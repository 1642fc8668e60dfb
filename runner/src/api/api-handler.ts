// The runner's JSON API: the routes of protocol/runner-contract.ts on a Hono router, each
// authenticated (public ones aside), its path parameters and body parsed with the
// contract's schemas before its handler runs, every refusal as `{error: {code, message}}`.
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { errorResponse, HttpError, jsonResponse, readBody } from "../http/http-json.ts";
import { liveHandlers } from "../live/live-handlers.ts";
import { playerHandlers } from "../player/player-handlers.ts";
import {
  matchPath,
  type RouteHandlers,
  type RouteName,
  runnerRoutes,
  type RouteSpec,
} from "../protocol/runner-contract.ts";
import { SessionError } from "../session/session-error.ts";
import { bearerMatches } from "./runner-secret.ts";
import { type SessionHandlerContext, sessionHandlers } from "./session-handlers.ts";

export interface ApiContext extends SessionHandlerContext {
  /** The labs folder sessions are provisioned from; Check and Reset step read it too. */
  labsDir: string;
  secret: string;
  log?: (line: string) => void;
}

type AnyHandler = (request: { params: object; body: unknown }) => Promise<unknown>;

const routes = Object.entries(runnerRoutes) as [RouteName, RouteSpec][];

function isPublic(method: string, pathname: string): boolean {
  return routes.some(([, r]) => r.public && r.method === method && matchPath(r.path, pathname));
}

/** A path parameter that is not even well-formed names nothing that exists. */
function parseParams(route: RouteSpec, raw: Record<string, string>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(route.params ?? {})) {
    const parsed = schema.safeParse(raw[name]);
    if (!parsed.success)
      throw name === "id"
        ? new HttpError("unknown_session", `no session "${raw[name]}"`)
        : new HttpError("not_found", `no ${name} "${raw[name]}"`);
    params[name] = parsed.data;
  }
  return params;
}

export function createApiApp(ctx: ApiContext): Hono {
  const handlers: RouteHandlers = {
    ...sessionHandlers(ctx),
    ...playerHandlers(ctx),
    ...liveHandlers(ctx),
  };
  const app = new Hono();
  app.use(async (c, next) => {
    if (
      !isPublic(c.req.method, c.req.path) &&
      !bearerMatches(c.req.header("authorization"), ctx.secret)
    )
      throw new HttpError("unauthorized", "missing or wrong bearer secret");
    await next();
  });
  for (const [name, route] of routes) {
    const handler = handlers[name] as AnyHandler;
    app.on(route.method, route.path, async (c) => {
      const params = parseParams(route, c.req.param());
      const body = route.body
        ? await readBody(c.req.raw.body, route.body, route.maxBodyBytes)
        : undefined;
      return jsonResponse(route.status, await handler({ params, body }));
    });
  }
  app.notFound((c) => errorResponse("not_found", `no route ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof HttpError || error instanceof SessionError)
      return errorResponse(error.code, error.message);
    ctx.log?.(`${c.req.method} ${c.req.path}: ${error.stack ?? String(error)}`);
    return errorResponse("internal", "the runner failed; see its log");
  });
  return app;
}

/** The API as a Node `request` listener, beside the terminal server's `upgrade` one. */
export function createApiHandler(ctx: ApiContext) {
  return getRequestListener(createApiApp(ctx).fetch, { overrideGlobalObjects: false });
}
