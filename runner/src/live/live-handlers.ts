// The live checks' route (protocol/runner-contract.ts `liveToken`): a one-use token, bound to
// the page's origin, for the WebSocket live-server.ts serves. Issued only for a ready session.
import { livePath, type RouteHandlers } from "../protocol/runner-contract.ts";
import type { SessionManager } from "../session/session-manager.ts";
import { liveTokens, NO_TAB } from "./live-server.ts";

export interface LiveHandlerContext {
  sessions: SessionManager;
  secret: string;
  /** ws:// or wss:// base that browsers reach the runner at. */
  publicUrl: () => string;
}

export function liveHandlers(ctx: LiveHandlerContext): Pick<RouteHandlers, "liveToken"> {
  // Verification needs only the key; the live server keeps the used tokens.
  const tokens = liveTokens(ctx.secret);
  return {
    liveToken: async ({ params: { id }, body: { origin } }) => {
      await ctx.sessions.workstationOf(id);
      const issued = await tokens.issue({ sessionId: id, tab: NO_TAB, origin });
      const url = new URL(livePath(id).slice(1), `${ctx.publicUrl().replace(/\/$/, "")}/`);
      url.searchParams.set("token", issued.token);
      return {
        token: issued.token,
        url: url.toString(),
        expiresAt: issued.expiresAt.toISOString(),
      };
    },
  };
}
