// The one client of the runner's HTTP API (runner-contract.ts), for the web app's server
// code, tests and the bench. Requests are checked against the contract before they leave;
// answers are parsed with the route's schema, never cast, so a runner that answers in
// another shape is an error here and not a surprise further in.
import type { z } from "zod";
import { type ErrorBody, errorBodySchema, type SessionView } from "./runner-api.ts";
import {
  type RouteInput,
  type RouteName,
  type RouteOutput,
  routePath,
  runnerRoutes,
  type RouteSpec,
} from "./runner-contract.ts";

/** The runner refused: a status outside 2xx, with its `{error}` body when it sent one. */
export class RunnerApiError extends Error {
  constructor(
    readonly status: number,
    /** Absent when the answer was not the contract's error shape (e.g. a proxy's page). */
    readonly body: ErrorBody | undefined,
    readonly text: string,
  ) {
    super(
      body
        ? `${status} ${body.error.code}: ${body.error.message}`
        : `${status}: ${text.slice(0, 300) || "no body"}`,
    );
    this.name = "RunnerApiError";
  }
}

/** A request the contract does not allow, or an answer in a shape it does not declare. */
export class RunnerContractError extends Error {
  constructor(
    readonly side: "request" | "response",
    message: string,
  ) {
    super(message);
    this.name = "RunnerContractError";
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.length ? issue.path.join(".") : "body"}: ${issue.message}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface RunnerClientOptions {
  /** Extra fetch options per request (a timeout signal, `cache`). */
  init?: () => RequestInit;
}

/** A raw request, for tests that send what the contract forbids. */
export interface UncheckedInput {
  params?: Record<string, string | number>;
  /** Sent as is when a string, else as JSON. */
  body?: unknown;
}

export class RunnerClient {
  constructor(
    readonly baseUrl: string,
    private readonly secret: string,
    private readonly options: RunnerClientOptions = {},
  ) {}

  /** Calls route `name`; resolves with its parsed answer, rejects with the errors above. */
  async call<N extends RouteName>(name: N, input: RouteInput<N>): Promise<RouteOutput<N>> {
    const route: RouteSpec = runnerRoutes[name];
    let path: string;
    try {
      path = routePath(route, input.params ?? {});
    } catch (error) {
      if (error instanceof Error && "issues" in error)
        throw new RunnerContractError("request", `${name}: ${firstIssue(error as z.ZodError)}`);
      throw error;
    }
    let body: unknown;
    if (route.body) {
      const parsed = route.body.safeParse(input.body);
      if (!parsed.success)
        throw new RunnerContractError("request", `${name}: ${firstIssue(parsed.error)}`);
      body = parsed.data;
    }
    return (await this.answer(route, await this.fetch(route.method, path, body))) as RouteOutput<N>;
  }

  /** A refusal becomes a RunnerApiError; a success is parsed with the route's schema. */
  private async answer(route: RouteSpec, response: Response): Promise<unknown> {
    const text = await response.text();
    const json = parseJson(text);
    if (!response.ok) {
      const error = errorBodySchema.safeParse(json);
      throw new RunnerApiError(response.status, error.success ? error.data : undefined, text);
    }
    // Ids in the path are the learner's; the message names the route instead.
    const where = `${route.method} ${route.path}`;
    if (response.status !== route.status)
      throw new RunnerContractError(
        "response",
        `${where} answered ${response.status}, not ${route.status}`,
      );
    const parsed = route.response.safeParse(json);
    if (!parsed.success)
      throw new RunnerContractError(
        "response",
        `${where} answered in an unexpected shape (${firstIssue(parsed.error)})`,
      );
    return parsed.data;
  }

  /** Sends a request without checking it, to see the runner refuse what the contract forbids. */
  async callUnchecked(name: RouteName, input: UncheckedInput = {}): Promise<unknown> {
    const route: RouteSpec = runnerRoutes[name];
    const path = route.path.replace(/:([A-Za-z]+)/g, (_, key: string) =>
      encodeURIComponent(String(input.params?.[key] ?? "")),
    );
    return this.answer(route, await this.fetch(route.method, path, input.body));
  }

  private fetch(method: string, path: string, body: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      ...this.options.init?.(),
      method,
      headers: {
        authorization: `Bearer ${this.secret}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  }

  // Shorthands for the calls tests and the bench make most.
  createSession(labSlug: string, userId: string) {
    return this.call("createSession", { body: { labSlug, userId } });
  }
  session(id: string) {
    return this.call("getSession", { params: { id } });
  }
  endSession(id: string) {
    return this.call("endSession", { params: { id } });
  }
  extend(id: string) {
    return this.call("extendSession", { params: { id } });
  }
  reset(id: string) {
    return this.call("resetSession", { params: { id } });
  }
  /**
   * A terminal token for a page on `origin`; by default the runner's own origin, which is
   * what TerminalClient presents when it connects to the URL the runner hands back.
   */
  terminalToken(id: string, tab = 1, origin = new URL(this.baseUrl).origin) {
    return this.call("terminalToken", { params: { id }, body: { tab, origin } });
  }
  capacity() {
    return this.call("capacity", {});
  }
  status() {
    return this.call("status", {});
  }

  /** Polls until the session leaves provisioning/resetting; returns its final view. */
  async waitUntilSettled(id: string, timeoutMs = 15 * 60_000): Promise<SessionView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = await this.session(id);
      if (view.state !== "provisioning" && view.state !== "resetting") return view;
      if (Date.now() > deadline)
        throw new Error(`session ${id} still ${view.state} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
