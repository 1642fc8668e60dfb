// Tools for the web family of the hostile-learner suite: HTTP requests from a chosen
// loopback address (a second machine, as far as the server can tell) and terminal
// WebSockets opened with a chosen Origin, each reduced to what the attacker saw.
import { request } from "node:http";
import { WebSocket } from "ws";

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request whose TCP connection starts at `from` (any 127.x address on Linux). */
export function httpFrom(
  from: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? "GET", headers: init.headers, localAddress: from, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

/** A wrong-password sign-in from `from`, with whatever extra headers the attacker adds. */
export async function wrongSignIn(
  appUrl: string,
  from: string,
  headers: Record<string, string> = {},
): Promise<number> {
  const answer = await httpFrom(from, `${appUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: appUrl, ...headers },
    body: JSON.stringify({ email: "victim@example.org", password: "not the password" }),
  });
  return answer.status;
}

export type TerminalOutcome =
  | { kind: "http"; status: number }
  | { kind: "closed"; code: number; reason: string }
  | { kind: "error"; message: string };

export const describeOutcome = (o: TerminalOutcome) =>
  o.kind === "http"
    ? `HTTP ${o.status}, no WebSocket`
    : o.kind === "closed"
      ? `closed ${o.code} "${o.reason}"`
      : `error ${o.message}`;

/** Opens a terminal WebSocket as a page on `origin` (no Origin header when undefined). */
export function openTerminal(url: string, origin: string | undefined): Promise<TerminalOutcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.on("unexpected-response", (req, res) => {
      resolve({ kind: "http", status: res.statusCode ?? 0 });
      req.destroy();
    });
    ws.on("close", (code, reason) => resolve({ kind: "closed", code, reason: reason.toString() }));
    ws.on("error", (error) => resolve({ kind: "error", message: error.message }));
  });
}
