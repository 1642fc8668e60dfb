// The live checks' WebSocket (protocol/live-api.ts): the player opens it with a one-use token
// the site fetched (the terminals' kind, under a key of its own, so neither opens the other),
// says which step it shows, and receives that step's check states whenever they change. A
// page on another origin than the token's is refused before the handshake.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import { gradeCheck } from "../grader/grade-step.ts";
import { withoutRetries } from "../grader/settle.ts";
import { loadLab } from "../lab-format/lab-loader.ts";
import { liveClientMessageSchema, liveCloseCodes } from "../protocol/live-api.ts";
import { sessionIdSchema } from "../protocol/runner-api.ts";
import { liveRoute, matchPath } from "../protocol/runner-contract.ts";
import type { SessionManager } from "../session/session-manager.ts";
import { TerminalTokenError, TerminalTokens } from "../terminal/terminal-token.ts";
import { EnvironmentWatch } from "./environment-watch.ts";
import { type LiveEnvironment, LiveHub, type LiveSubscriber } from "./live-hub.ts";

/** Live tokens name no terminal tab. */
export const NO_TAB = 0;
/** A player that stops answering pings is gone: its share of the watch is released. */
const PING_MS = 30_000;

/** Tokens for the live socket: the terminals' scheme, signed with a key of its own. */
export const liveTokens = (secret: string) => new TerminalTokens(`live-checks:${secret}`);

export interface LiveServerOptions {
  sessions: SessionManager;
  tokens: TerminalTokens;
  labsDir: string;
  log?: (line: string) => void;
}

export class LiveServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly bySession = new Map<string, Set<WebSocket>>();
  readonly hub: LiveHub;
  private readonly pinger: NodeJS.Timeout;

  constructor(private readonly options: LiveServerOptions) {
    this.hub = new LiveHub({
      open: (name) => openEnvironment(options.sessions, name, options.log),
      log: options.log,
    });
    // A reset or an end replaces the environment: the player reconnects to the new one.
    options.sessions.on("environment-gone", (id) => {
      for (const socket of this.bySession.get(id) ?? [])
        socket.close(liveCloseCodes.sessionNotReady, "the session's environment was replaced");
    });
    const alive = new WeakSet<WebSocket>();
    this.wss.on("connection", (ws) => {
      alive.add(ws);
      ws.on("pong", () => alive.add(ws));
    });
    this.pinger = setInterval(() => {
      for (const ws of this.wss.clients) {
        if (!alive.has(ws)) ws.terminate();
        else {
          alive.delete(ws);
          ws.ping();
        }
      }
    }, PING_MS);
    this.pinger.unref();
  }

  /** Handles an HTTP upgrade; returns false when the path is not the live socket's. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? "/", "http://runner");
    const match = matchPath(liveRoute.path, url.pathname);
    if (!match) return false;
    const origin = originOf(request.headers.origin);
    socket.on("error", () => socket.destroy());
    const token = url.searchParams.get("token") ?? "";
    void this.options.tokens.boundOrigin(token).then((bound) => {
      if (socket.destroyed) return;
      if (bound !== undefined && bound !== origin) {
        socket.end(
          "HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n" +
            "live token is for a page on another origin\n",
        );
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        this.wss.emit("connection", ws, request);
        void this.serve(ws, match.id!, token, origin).catch((error: Error) =>
          ws.close(liveCloseCodes.internal, truncate(`live checks failed: ${error.message}`)),
        );
      });
    });
    return true;
  }

  private async serve(ws: WebSocket, rawId: string, token: string, origin: string) {
    const early: RawData[] = [];
    let onMessage: (data: RawData) => void = (data) => void early.push(data);
    ws.on("message", (data: RawData) => onMessage(data));
    const parsed = sessionIdSchema.safeParse(rawId);
    if (!parsed.success) return ws.close(liveCloseCodes.unauthorized, "no such session");
    const id = parsed.data;
    try {
      await this.options.tokens.redeem(token, { sessionId: id, tab: NO_TAB, origin });
    } catch (error) {
      if (!(error instanceof TerminalTokenError)) throw error;
      return ws.close(liveCloseCodes.unauthorized, error.message.replace("terminal", "live"));
    }
    const { sessions } = this.options;
    try {
      await sessions.workstationOf(id);
    } catch (error) {
      const state = sessions.list().find((s) => s.id === id)?.state;
      const ended = state === undefined || state === "ended" || state === "failed";
      return ws.close(
        ended ? liveCloseCodes.sessionEnded : liveCloseCodes.sessionNotReady,
        truncate((error as Error).message),
      );
    }
    if (ws.readyState !== WebSocket.OPEN) return;
    const session = sessions.get(id);
    const environment = session.environment!;
    const sockets = this.bySession.get(id) ?? new Set();
    this.bySession.set(id, sockets.add(ws));
    const subscriber: LiveSubscriber = {
      send: (message) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
      },
    };
    this.hub.join(environment, subscriber);
    ws.on("close", () => {
      sockets.delete(ws);
      if (sockets.size === 0) this.bySession.delete(id);
      this.hub.leave(environment, subscriber);
    });

    onMessage = (data) => {
      let message;
      try {
        message = liveClientMessageSchema.safeParse(JSON.parse(String(data)));
      } catch {
        message = undefined;
      }
      if (!message?.success) return ws.close(liveCloseCodes.unknownStep, "not a live message");
      const stepId = message.data.stepId;
      void loadLab(this.options.labsDir, session.labSlug).then((loaded) => {
        const step = loaded.ok ? loaded.lab.steps.find((s) => s.id === stepId) : undefined;
        if (!step) return ws.close(liveCloseCodes.unknownStep, `no step "${stepId}"`);
        this.hub.show(environment, subscriber, step);
      });
    };
    for (const data of early.splice(0)) onMessage(data);
  }

  async close(): Promise<void> {
    clearInterval(this.pinger);
    // Cut at once: players reconnect by themselves, so a shutdown need not wait for each
    // closing handshake.
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }
}

/** A Kindling environment as the hub sees it: the graders' own target, and its watches. */
async function openEnvironment(
  sessions: SessionManager,
  name: string,
  log?: (line: string) => void,
): Promise<LiveEnvironment> {
  const target = (await sessions.attach(name)).target();
  return {
    watch: async (onChange) => {
      // Watches need the environment's API server from the runner: the Docker backend
      // publishes it on loopback; an environment on a host cluster does not (yet).
      if (!target.reader)
        throw new Error(`environment ${name} offers no API server to watch: live checks are off`);
      return new EnvironmentWatch(await target.reader(), onChange, log);
    },
    grade: async (check) => {
      const verdict = await gradeCheck(target, withoutRetries(check));
      if (verdict.skipped) throw new Error(verdict.skipped);
      return verdict.passed;
    },
  };
}

function originOf(header: string | undefined): string {
  try {
    return header ? new URL(header).origin : "";
  } catch {
    return "";
  }
}

const truncate = (reason: string) => Buffer.from(reason).subarray(0, 120).toString();
