// The live socket's doors, on loopback with a stand-in session manager: a token of the right
// kind, for the right session, from the right page, once; a session that is not ready or has
// ended says so in its close code. No cluster: the socket is refused before any is needed.
import { EventEmitter } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { liveCloseCodes } from "../protocol/live-api.ts";
import { livePath } from "../protocol/runner-contract.ts";
import { SessionError } from "../session/session-error.ts";
import type { SessionManager } from "../session/session-manager.ts";
import { TerminalTokens } from "../terminal/terminal-token.ts";
import { liveTokens, LiveServer, NO_TAB } from "./live-server.ts";

const SECRET = "live-server-test-secret-0123456789abcdef";
const ORIGIN = "http://site.localhost";
const RESETTING = "s0123456789abcdef0123";
const ENDED = "s0123456789abcdef0456";

const records = [
  { id: RESETTING, state: "resetting" },
  { id: ENDED, state: "ended" },
];
const sessions = Object.assign(new EventEmitter(), {
  list: () => records,
  get: (id: string) => records.find((r) => r.id === id),
  workstationOf: async (id: string) => {
    throw new SessionError("conflict", `session "${id}" is not ready`);
  },
}) as unknown as SessionManager;

let server: Server;
let live: LiveServer;
let base = "";

beforeAll(async () => {
  live = new LiveServer({ sessions, tokens: liveTokens(SECRET), labsDir: "/nonexistent" });
  server = createServer();
  server.on("upgrade", (req, socket, head) => {
    if (!live.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await live.close();
  await new Promise((resolve) => server.close(resolve));
});

/** Opens the socket; resolves with the close code, or the HTTP status of a refused handshake. */
function open(id: string, token: string, origin = ORIGIN) {
  const ws = new WebSocket(`${base}${livePath(id)}?token=${encodeURIComponent(token)}`, {
    origin,
  });
  return new Promise<{ code?: number; status?: number; reason?: string }>((resolve) => {
    ws.on("unexpected-response", (_req, res) => resolve({ status: res.statusCode }));
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.on("error", () => {});
  });
}

const token = async (sessionId: string, tokens = liveTokens(SECRET)) =>
  (await tokens.issue({ sessionId, tab: NO_TAB, origin: ORIGIN })).token;

describe("the live checks' socket", () => {
  it("refuses a page on another origin before the handshake", async () => {
    expect(await open(RESETTING, await token(RESETTING), "http://evil.localhost")).toEqual({
      status: 403,
    });
  });

  it("refuses a terminal token, and a token for another session", async () => {
    const terminal = await token(RESETTING, new TerminalTokens(SECRET));
    expect(await open(RESETTING, terminal)).toMatchObject({ code: liveCloseCodes.unauthorized });
    expect(await open(RESETTING, await token(ENDED))).toMatchObject({
      code: liveCloseCodes.unauthorized,
      reason: expect.stringMatching(/another session/),
    });
  });

  it("uses a token once", async () => {
    const once = await token(RESETTING);
    expect(await open(RESETTING, once)).toMatchObject({ code: liveCloseCodes.sessionNotReady });
    expect(await open(RESETTING, once)).toMatchObject({
      code: liveCloseCodes.unauthorized,
      reason: expect.stringMatching(/already used/),
    });
  });

  it("tells a session that is not ready from one that has ended", async () => {
    expect(await open(RESETTING, await token(RESETTING))).toMatchObject({
      code: liveCloseCodes.sessionNotReady,
    });
    expect(await open(ENDED, await token(ENDED))).toMatchObject({
      code: liveCloseCodes.sessionEnded,
    });
    expect(await live.hub.watching()).toEqual({ environments: 0, watches: 0, players: 0 });
  });
});
