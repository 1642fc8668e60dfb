// Where the browser opens a terminal. The runner hands out a URL on its own address; when
// that is loopback (the default: `npm start` binds the runner to 127.0.0.1) or the "any
// address" it listens on without a public URL (a runner pod on 0.0.0.0, deploy/kubernetes),
// a browser could not reach it, so the site serves the WebSocket itself under
// RUNNER_WS_PREFIX on its own origin (scripts/web-server.ts forwards it to the runner).
export const RUNNER_WS_PREFIX = "/runner";

const NOT_FOR_BROWSERS = new Set(["127.0.0.1", "localhost", "[::1]", "0.0.0.0", "[::]"]);

export function terminalUrlFor(runnerUrl: string, siteOrigin: string): string {
  const url = new URL(runnerUrl);
  if (!NOT_FOR_BROWSERS.has(url.hostname)) return runnerUrl;
  const site = new URL(siteOrigin);
  const scheme = site.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${site.host}${RUNNER_WS_PREFIX}${url.pathname}${url.search}`;
}
