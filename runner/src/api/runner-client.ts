import type {
  CapacityView,
  ErrorBody,
  RunnerStatusView,
  SessionView,
  TerminalTokenResponse,
} from "../protocol/runner-api.ts";

export class RunnerApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(`${status} ${body.error.code}: ${body.error.message}`);
  }
}

/** The runner's HTTP API from a caller's side (tests, bench; the web app's shape too). */
export class RunnerClient {
  constructor(
    readonly baseUrl: string,
    private readonly secret: string,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.secret}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const json = (await response.json()) as unknown;
    if (!response.ok) throw new RunnerApiError(response.status, json as ErrorBody);
    return json as T;
  }

  createSession(labSlug: string, userId: string) {
    return this.request<SessionView>("POST", "/v1/sessions", { labSlug, userId });
  }
  session(id: string) {
    return this.request<SessionView>("GET", `/v1/sessions/${id}`);
  }
  endSession(id: string) {
    return this.request<SessionView>("DELETE", `/v1/sessions/${id}`);
  }
  extend(id: string) {
    return this.request<SessionView>("POST", `/v1/sessions/${id}/extend`);
  }
  reset(id: string) {
    return this.request<SessionView>("POST", `/v1/sessions/${id}/reset`);
  }
  /**
   * A terminal token for a page on `origin`; by default the runner's own origin, which is
   * what TerminalClient presents when it connects to the URL the runner hands back.
   */
  terminalToken(id: string, tab = 1, origin = new URL(this.baseUrl).origin) {
    return this.request<TerminalTokenResponse>("POST", `/v1/sessions/${id}/terminal-tokens`, {
      tab,
      origin,
    });
  }
  capacity() {
    return this.request<CapacityView>("GET", "/v1/capacity");
  }
  status() {
    return this.request<RunnerStatusView>("GET", "/v1/status");
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
