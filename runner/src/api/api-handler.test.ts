import { describe, expect, it } from "vitest";
import { type SessionView, sessionViewSchema } from "../protocol/runner-api.ts";
import { routePath, runnerRoutes } from "../protocol/runner-contract.ts";
import { SessionError } from "../session/session-error.ts";
import type { SessionManager } from "../session/session-manager.ts";
import { TerminalTokens } from "../terminal/terminal-token.ts";
import { createApiApp } from "./api-handler.ts";

// The dispatcher alone, over a stand-in for the session manager: authentication, routing,
// parameter and body checks and the error shape. The int tests run it with real sessions.
const SECRET = "unit-test-secret-0123456789abcdef012345";
const ID = "s0123456789abcdef0123";
const view: SessionView = {
  id: ID,
  labSlug: "nodeport",
  userId: "u1",
  state: "ready",
  progress: [],
  fromPool: false,
  createdAt: "2026-01-01T00:00:00.000Z",
};
const created: unknown[] = [];
const sessions = {
  list: () => [],
  get: (id: string) => {
    if (id !== ID) throw new SessionError("unknown_session", `no session "${id}"`);
    return {};
  },
  view: () => view,
  create: async (request: unknown) => {
    created.push(request);
    return view;
  },
  capacity: () => {
    throw new Error("disk on fire");
  },
};
const logged: string[] = [];
const app = createApiApp({
  sessions: sessions as unknown as SessionManager,
  tokens: new TerminalTokens(SECRET),
  secret: SECRET,
  labsDir: "/nonexistent",
  publicUrl: () => "ws://127.0.0.1:1",
  version: "test",
  images: () => ({ phase: "ready", message: "ok" }),
  log: (line) => logged.push(line),
});
const auth = { authorization: `Bearer ${SECRET}` };

async function ask(method: string, path: string, init: RequestInit = {}) {
  const response = await app.request(path, { method, ...init });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe("the runner API dispatcher", () => {
  it("answers health without the secret, everything else only with it", async () => {
    const health = await ask("GET", routePath(runnerRoutes.health));
    expect(health).toMatchObject({ status: 200, body: { ok: true, version: "test" } });
    expect(health.headers.get("cache-control")).toBe("no-store");
    const session = routePath(runnerRoutes.getSession, { id: ID });
    expect(await ask("GET", session)).toMatchObject({
      status: 401,
      body: { error: { code: "unauthorized" } },
    });
    const ok = await ask("GET", session, { headers: auth });
    expect(ok.status).toBe(200);
    expect(sessionViewSchema.parse(ok.body)).toEqual(view);
  });

  it("refuses unknown routes and malformed ids with the contract's codes", async () => {
    expect(await ask("GET", "/v2/anything", { headers: auth })).toMatchObject({
      status: 404,
      body: { error: { code: "not_found", message: "no route GET /v2/anything" } },
    });
    const bad = runnerRoutes.getSession.path.replace(":id", "nonsense");
    expect(await ask("DELETE", bad, { headers: auth })).toMatchObject({
      status: 404,
      body: { error: { code: "unknown_session", message: 'no session "nonsense"' } },
    });
    const other = routePath(runnerRoutes.getSession, { id: "s00000000000000000000" });
    expect((await ask("GET", other, { headers: auth })).body.error.code).toBe("unknown_session");
  });

  it("parses the body with the route's schema and answers with the route's status", async () => {
    const path = routePath(runnerRoutes.createSession);
    const json = { ...auth, "content-type": "application/json" };
    const missing = await ask("POST", path, { headers: json, body: '{"labSlug":"nodeport"}' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/^userId: /);
    const broken = await ask("POST", path, { headers: json, body: "{nope" });
    expect(broken.body.error).toEqual({
      code: "bad_request",
      message: "request body is not valid JSON",
    });
    // A new session may carry a learner's kept work, so its route allows more than the default.
    const limit = runnerRoutes.createSession.maxBodyBytes ?? 64 * 1024;
    const huge = await ask("POST", path, { headers: json, body: "x".repeat(limit + 1024) });
    expect(huge.body.error.message).toBe(`request body is over ${limit} bytes`);
    expect(created).toEqual([]);
    const body = JSON.stringify({ labSlug: "nodeport", userId: "u1" });
    expect((await ask("POST", path, { headers: json, body })).status).toBe(202);
    expect(created).toEqual([{ labSlug: "nodeport", userId: "u1" }]);
  });

  it("hides an unexpected failure behind `internal` and logs it", async () => {
    const answer = await ask("GET", routePath(runnerRoutes.capacity), { headers: auth });
    expect(answer).toMatchObject({
      status: 500,
      body: { error: { code: "internal", message: "the runner failed; see its log" } },
    });
    expect(logged.join("\n")).toMatch(/GET \/v1\/capacity: Error: disk on fire/);
  });
});
