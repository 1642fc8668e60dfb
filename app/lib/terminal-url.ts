// Where the browser opens a terminal. The runner hands out a URL on its own address; when
// that is loopback (the default: `npm start` binds the runner to 127.0.0.1), a browser on
// another machine could not reach it, so the site serves the WebSocket itself under
// RUNNER_WS_PREFIX on its own origin (scripts/web-server.ts forwards it to the runner).
export const RUNNER_WS_PREFIX = "/runner";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function terminalUrlFor(runnerUrl: string, siteOrigin: string): string {
  const url = new URL(runnerUrl);
  if (!LOOPBACK.has(url.hostname)) return runnerUrl;
  const site = new URL(siteOrigin);
  const scheme = site.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${site.host}${RUNNER_WS_PREFIX}${url.pathname}${url.search}`;
}
