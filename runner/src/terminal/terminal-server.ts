import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import {
  sessionIdSchema,
  tabSchema,
  terminalCloseCodes,
  terminalControlSchema,
} from "../protocol/runner-api.ts";
import { matchPath, terminalRoute } from "../protocol/runner-contract.ts";
import type { SessionManager } from "../session/session-manager.ts";
import { TerminalTokenError, type TerminalTokens } from "./terminal-token.ts";
import { type Tty, tabCommand, type TtySize } from "../environment/workstation-tty.ts";

/**
 * Browser terminals: WebSocket ⇄ `docker exec` TTY running the tab's tmux session in the
 * workstation. The token is checked after the handshake, so a refusal reaches the browser
 * as a close code and reason instead of an anonymous network error. A page on another
 * origin than the one the token was issued for is refused before the handshake: it gets no
 * WebSocket at all.
 */
export class TerminalServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  private readonly bySession = new Map<string, Set<WebSocket>>();

  constructor(
    private readonly sessions: SessionManager,
    private readonly tokens: TerminalTokens,
  ) {
    sessions.on("environment-gone", (id) => {
      for (const socket of this.bySession.get(id) ?? [])
        socket.close(
          terminalCloseCodes.sessionEnded,
          "the session's environment was replaced or ended",
        );
    });
  }

  private isEnded(id: string): boolean {
    try {
      const state = this.sessions.get(id).state;
      return state === "ended" || state === "failed";
    } catch {
      return true;
    }
  }

  /** Handles an HTTP upgrade; returns false when the path is not a terminal's. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? "/", "http://runner");
    const match = matchPath(terminalRoute.path, url.pathname);
    if (!match) return false;
    const origin = originOf(request.headers.origin);
    // The socket waits for the token check below; a reset meanwhile must not crash the runner.
    socket.on("error", () => socket.destroy());
    void this.tokens.boundOrigin(url.searchParams.get("token") ?? "").then((bound) => {
      if (socket.destroyed) return;
      if (bound !== undefined && bound !== origin) {
        socket.end(
          "HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n" +
            "terminal token is for a page on another origin\n",
        );
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        void this.serve(ws, match.id!, match.tab!, url.searchParams, origin).catch(
          (error: Error) => {
            ws.close(terminalCloseCodes.internal, truncate(`terminal failed: ${error.message}`));
          },
        );
      });
    });
    return true;
  }

  private async serve(
    ws: WebSocket,
    rawId: string,
    rawTab: string,
    query: URLSearchParams,
    origin: string,
  ) {
    // Keystrokes can arrive while the token and the workstation are being checked; they
    // wait here instead of being dropped.
    const early: { data: RawData; isBinary: boolean }[] = [];
    let onMessage = (data: RawData, isBinary: boolean) => void early.push({ data, isBinary });
    ws.on("message", (data: RawData, isBinary: boolean) => onMessage(data, isBinary));

    const sessionId = sessionIdSchema.safeParse(rawId);
    const tab = tabSchema.safeParse(rawTab);
    if (!sessionId.success || !tab.success) {
      return ws.close(terminalCloseCodes.unauthorized, "no such session or tab");
    }
    const id = sessionId.data;
    try {
      await this.tokens.redeem(query.get("token") ?? "", {
        sessionId: id,
        tab: tab.data,
        origin,
      });
    } catch (error) {
      if (!(error instanceof TerminalTokenError)) throw error;
      return ws.close(terminalCloseCodes.unauthorized, error.message);
    }
    // Registered before any further wait, so an ending session closes this socket too.
    this.register(id, ws);
    ws.on("close", () => this.bySession.get(id)?.delete(ws));
    let tty: Tty;
    try {
      tty = await this.sessions.openTty(id, tabCommand(tab.data), initialSize(query));
    } catch (error) {
      // A session that ended while this socket was being set up is over, not "not ready":
      // the browser must not keep retrying it.
      const ended = this.isEnded(id);
      return ws.close(
        ended ? terminalCloseCodes.sessionEnded : terminalCloseCodes.sessionNotReady,
        truncate((error as Error).message),
      );
    }
    if (ws.readyState !== WebSocket.OPEN) return tty.close();
    ws.on("close", () => tty.close());
    this.sessions.touch(id);

    tty.output.on("data", (chunk: Buffer) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(chunk, { binary: true });
    });
    void tty.exited().then(() => {
      if (ws.readyState === WebSocket.OPEN)
        ws.close(terminalCloseCodes.shellExited, "shell exited");
    });
    onMessage = (data, isBinary) => {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      const control = isBinary ? undefined : parseControl(bytes);
      if (control) void tty.resize(control).catch(() => {});
      else {
        tty.write(bytes);
        this.sessions.touch(id);
      }
    };
    for (const message of early.splice(0)) onMessage(message.data, message.isBinary);
  }

  private register(sessionId: string, ws: WebSocket): void {
    const sockets = this.bySession.get(sessionId) ?? new Set();
    sockets.add(ws);
    this.bySession.set(sessionId, sockets);
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.close(1001, "runner is shutting down");
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function parseControl(bytes: Buffer): TtySize | undefined {
  if (bytes[0] !== 0x7b /* { */) return undefined;
  try {
    const parsed = terminalControlSchema.safeParse(JSON.parse(bytes.toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function initialSize(query: URLSearchParams): TtySize {
  const parsed = terminalControlSchema.safeParse({
    type: "resize",
    cols: Number(query.get("cols") ?? 80),
    rows: Number(query.get("rows") ?? 24),
  });
  return parsed.success ? parsed.data : { cols: 80, rows: 24 };
}

/** The Origin header as a serialized origin; "" when absent or opaque ("null"). */
function originOf(header: string | undefined): string {
  try {
    return header ? new URL(header).origin : "";
  } catch {
    return "";
  }
}

/** WebSocket close reasons are limited to 123 bytes. */
const truncate = (reason: string) => Buffer.from(reason).subarray(0, 120).toString();
