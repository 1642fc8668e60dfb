// The runner's own routes (protocol/runner-contract.ts): sessions, terminal tokens,
// capacity, status and health. The API (api-handler.ts) parses requests before these run.
import type { ImageSupplyView } from "../protocol/runner-api.ts";
import { type RouteHandlers, terminalPath } from "../protocol/runner-contract.ts";
import type { SessionManager } from "../session/session-manager.ts";
import type { TerminalTokens } from "../terminal/terminal-token.ts";

export interface SessionHandlerContext {
  sessions: SessionManager;
  tokens: TerminalTokens;
  /** ws:// or wss:// base that browsers reach the runner at. */
  publicUrl: () => string;
  version: string;
  /** The Docker engine and image set, as environments see them. */
  images: () => ImageSupplyView;
}

export type SessionRoutes =
  | "health"
  | "createSession"
  | "getSession"
  | "sessionSnapshot"
  | "endSession"
  | "extendSession"
  | "resetSession"
  | "terminalToken"
  | "capacity"
  | "status";

export function sessionHandlers(ctx: SessionHandlerContext): Pick<RouteHandlers, SessionRoutes> {
  const { sessions, tokens } = ctx;
  return {
    health: async () => ({ ok: true, version: ctx.version, sessions: sessions.list().length }),
    createSession: ({ body }) => sessions.create(body),
    getSession: async ({ params: { id } }) => sessions.view(sessions.get(id)),
    sessionSnapshot: ({ params: { id } }) => sessions.snapshot(id),
    endSession: ({ params: { id } }) => sessions.end(id),
    extendSession: ({ params: { id } }) => sessions.extend(id),
    resetSession: ({ params: { id } }) => sessions.reset(id),
    terminalToken: async ({ params: { id }, body: { tab, origin } }) => {
      await sessions.workstationOf(id);
      const issued = await tokens.issue({ sessionId: id, tab, origin });
      const url = new URL(terminalPath(id, tab).slice(1), `${ctx.publicUrl().replace(/\/$/, "")}/`);
      url.searchParams.set("token", issued.token);
      return {
        token: issued.token,
        url: url.toString(),
        expiresAt: issued.expiresAt.toISOString(),
      };
    },
    capacity: async () => sessions.capacity(),
    status: async () => ({ images: ctx.images(), capacity: sessions.capacity() }),
  };
}
