import type { IncomingMessage, ServerResponse } from "node:http";
import {
  createSessionRequestSchema,
  type HealthView,
  type ImageSupplyView,
  type RunnerStatusView,
  sessionIdSchema,
  terminalPath,
  terminalTokenRequestSchema,
  type TerminalTokenResponse,
} from "../protocol/runner-api.ts";
import { SessionError } from "../session/session-error.ts";
import { playerRoutes } from "../player/player-routes.ts";
import type { SessionManager } from "../session/session-manager.ts";
import type { TerminalTokens } from "../terminal/terminal-token.ts";
import { HttpError, readBody, sendError, sendJson } from "./http-json.ts";
import { bearerMatches } from "./runner-secret.ts";

export interface ApiContext {
  sessions: SessionManager;
  /** The labs folder sessions are provisioned from; Check and Reset step read it too. */
  labsDir: string;
  tokens: TerminalTokens;
  secret: string;
  /** ws:// or wss:// base that browsers reach the runner at. */
  publicUrl: () => string;
  version: string;
  /** The Docker engine and image set, as environments see them. */
  images: () => ImageSupplyView;
  log?: (line: string) => void;
}

type Route = (
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  stepId: string,
) => Promise<void>;

/** The runner's JSON API: every request authenticated (health aside) and validated. */
export function createApiHandler(ctx: ApiContext) {
  const { sessions, tokens } = ctx;
  const routes: Record<string, Route> = {
    "POST /v1/sessions": async (req, res) => {
      const body = await readBody(req, createSessionRequestSchema);
      sendJson(res, 202, await sessions.create(body));
    },
    "GET /v1/sessions/:id": async (_req, res, id) => {
      sendJson(res, 200, sessions.view(sessions.get(id)));
    },
    "DELETE /v1/sessions/:id": async (_req, res, id) => {
      sendJson(res, 200, await sessions.end(id));
    },
    "POST /v1/sessions/:id/extend": async (_req, res, id) => {
      sendJson(res, 200, await sessions.extend(id));
    },
    "POST /v1/sessions/:id/reset": async (_req, res, id) => {
      sendJson(res, 202, await sessions.reset(id));
    },
    "POST /v1/sessions/:id/terminal-tokens": async (req, res, id) => {
      const { tab, origin } = await readBody(req, terminalTokenRequestSchema);
      await sessions.workstationOf(id);
      const issued = await tokens.issue({ sessionId: id, tab, origin });
      const url = new URL(terminalPath(id, tab).slice(1), `${ctx.publicUrl().replace(/\/$/, "")}/`);
      url.searchParams.set("token", issued.token);
      const body: TerminalTokenResponse = {
        token: issued.token,
        url: url.toString(),
        expiresAt: issued.expiresAt.toISOString(),
      };
      sendJson(res, 201, body);
    },
    "GET /v1/capacity": async (_req, res) => {
      sendJson(res, 200, sessions.capacity());
    },
    "GET /v1/status": async (_req, res) => {
      const body: RunnerStatusView = { images: ctx.images(), capacity: sessions.capacity() };
      sendJson(res, 200, body);
    },
    ...playerRoutes(ctx),
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname } = new URL(req.url ?? "/", "http://runner");
    try {
      if (req.method === "GET" && pathname === "/v1/health") {
        const body: HealthView = {
          ok: true,
          version: ctx.version,
          sessions: sessions.list().length,
        };
        return sendJson(res, 200, body);
      }
      if (!bearerMatches(req.headers.authorization, ctx.secret))
        throw new HttpError("unauthorized", "missing or wrong bearer secret");
      // /v1/sessions/ID[/steps/STEP/...]: the ids become :id and :stepId in the route's key.
      const segments = pathname.split("/");
      const isSession = segments.length > 3 && segments[2] === "sessions";
      const id = isSession ? (segments[3] ?? "") : "";
      const stepId = isSession && segments[4] === "steps" ? (segments[5] ?? "") : "";
      if (isSession) segments[3] = ":id";
      if (stepId) segments[5] = ":stepId";
      const pattern = segments.join("/");
      const route = routes[`${req.method} ${pattern}`];
      if (!route) throw new HttpError("not_found", `no route ${req.method} ${pathname}`);
      if (isSession && !sessionIdSchema.safeParse(id).success)
        throw new HttpError("unknown_session", `no session "${id}"`);
      await route(req, res, id, stepId);
    } catch (error) {
      if (error instanceof HttpError || error instanceof SessionError)
        return sendError(res, error.code, error.message);
      ctx.log?.(`${req.method} ${pathname}: ${(error as Error).stack ?? String(error)}`);
      sendError(res, "internal", "the runner failed; see its log");
    }
  };
}
