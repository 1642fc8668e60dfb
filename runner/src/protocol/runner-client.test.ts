import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RunnerApiError, RunnerClient, RunnerContractError } from "./runner-client.ts";

// A stand-in runner on loopback that answers whatever the test sets, and records what it got.
let server: Server;
let client: RunnerClient;
let answer: { status: number; body: string };
let received: { method?: string; url?: string; auth?: string; body: string }[] = [];

const ID = "s0123456789abcdef0123";
const session = {
  id: ID,
  labSlug: "nodeport",
  userId: "u1",
  state: "ready",
  progress: [{ step: "cluster", at: "2026-01-01T00:00:00.000Z" }],
  fromPool: false,
  createdAt: "2026-01-01T00:00:00.000Z",
};

async function text(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    received.push({
      method: req.method,
      url: req.url,
      auth: req.headers.authorization,
      body: await text(req),
    });
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  client = new RunnerClient(`http://127.0.0.1:${port}`, "secret");
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
});

const failure = (call: Promise<unknown>) =>
  call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );

describe("RunnerClient", () => {
  it("sends the route's method, path, secret and checked body, and parses the answer", async () => {
    answer = { status: 201, body: JSON.stringify({ token: "t", url: "ws://x", expiresAt: "e" }) };
    const token = await client.call("terminalToken", {
      params: { id: ID },
      body: { tab: 2, origin: "https://labs.example.org/some/page" },
    });
    expect(token.token).toBe("t");
    expect(received).toEqual([
      {
        method: "POST",
        url: `/v1/sessions/${ID}/terminal-tokens`,
        auth: "Bearer secret",
        // The origin schema keeps only the origin.
        body: JSON.stringify({ tab: 2, origin: "https://labs.example.org" }),
      },
    ]);
  });

  it("refuses a request the contract does not allow, before sending it", async () => {
    const error = await failure(
      client.call("terminalToken", { params: { id: ID }, body: { tab: 99, origin: "x" } }),
    );
    expect(error).toBeInstanceOf(RunnerContractError);
    expect((error as RunnerContractError).side).toBe("request");
    expect((error as Error).message).toMatch(/^terminalToken: tab: /);
    const badId = await failure(client.session("../capacity"));
    expect((badId as Error).message).toMatch(/^getSession: .*session id/);
    expect(received).toEqual([]);
  });

  it("rejects an answer in another shape, naming the route and the field", async () => {
    answer = { status: 200, body: JSON.stringify({ ...session, state: "sleeping" }) };
    const error = await failure(client.session(ID));
    expect(error).toBeInstanceOf(RunnerContractError);
    expect((error as RunnerContractError).side).toBe("response");
    expect((error as Error).message).toMatch(
      /^GET \/v1\/sessions\/:id answered in an unexpected shape \(state: .*"ready"/,
    );
    // The right shape with a status the route does not answer with is no success either.
    answer = { status: 200, body: JSON.stringify(session) };
    expect(((await failure(client.reset(ID))) as Error).message).toBe(
      "POST /v1/sessions/:id/reset answered 200, not 202",
    );
    answer = { status: 202, body: JSON.stringify(session) };
    expect((await client.reset(ID)).state).toBe("ready");
  });

  it("turns a refusal into a RunnerApiError with the contract's error body, if any", async () => {
    answer = {
      status: 503,
      body: JSON.stringify({ error: { code: "at_capacity", message: "all in use" } }),
    };
    const refused = (await failure(client.createSession("nodeport", "u1"))) as RunnerApiError;
    expect(refused).toBeInstanceOf(RunnerApiError);
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ error: { code: "at_capacity", message: "all in use" } });
    expect(refused.message).toBe("503 at_capacity: all in use");

    answer = { status: 404, body: "<html>no such page</html>" };
    const foreign = (await failure(client.capacity())) as RunnerApiError;
    expect(foreign.body).toBeUndefined();
    expect(foreign.message).toBe("404: <html>no such page</html>");
  });

  it("sends what the contract forbids only when asked to, unchecked", async () => {
    answer = {
      status: 400,
      body: JSON.stringify({ error: { code: "bad_request", message: "userId: required" } }),
    };
    const error = (await failure(
      client.callUnchecked("createSession", { body: "{nope" }),
    )) as RunnerApiError;
    expect(error.body?.error.code).toBe("bad_request");
    expect(received[0]).toMatchObject({ method: "POST", url: "/v1/sessions", body: "{nope" });
  });
});
