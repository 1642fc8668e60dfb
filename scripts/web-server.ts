// The web app's HTTP server: Next.js's request handler behind a plain Node server, so that
// the app can know the TCP peer. Route handlers under `next start` see only headers, and a
// header such as X-Forwarded-For is whatever the client wrote; here the socket's address
// (or, behind a proxy the operator trusts, the hop that proxy saw) overwrites
// CLIENT_ADDRESS_HEADER before Next.js reads the request. better-auth's rate limits key on
// that header alone (app/lib/server/auth/auth.ts). Started by scripts/start.ts.
import { createServer } from "node:http";
import next from "next";
import { CLIENT_ADDRESS_HEADER, clientAddress, TrustedProxies } from "../app/lib/client-address.ts";
// Validates the whole web environment now, so a bad setting stops the start with its name.
import { env } from "../app/lib/env.ts";
import { RUNNER_WS_PREFIX } from "../app/lib/terminal-url.ts";
import { projectRoot } from "./lib/tools.ts";
import { proxyUpgrade } from "./lib/websocket-proxy.ts";
import { readScriptEnv } from "./script-env.ts";

const { port, host } = readScriptEnv();
const trusted = new TrustedProxies(env.trustedProxies);

const app = next({ dev: false, dir: projectRoot, hostname: host, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((req, res) => {
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
    req.socket.remoteAddress,
    req.headers["x-forwarded-for"],
    trusted,
  );
  handle(req, res).catch((error: unknown) => {
    console.error("kindling: web request failed", error);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
// The runner's terminals and live checks on this origin (app/lib/terminal-url.ts); nothing else upgrades.
server.on("upgrade", (req, socket, head) =>
  proxyUpgrade(req, socket, head, RUNNER_WS_PREFIX, env.runnerUrl),
);
await new Promise<void>((resolve, reject) => {
  server.once("error", reject);
  server.listen(port, host, () => resolve());
});
const proxies = trusted.size
  ? `; X-Forwarded-For believed from ${env.trustedProxies.join(", ")}`
  : "";
console.log(`kindling: web app listening on ${host}:${port}${proxies}`);

async function stop(): Promise<void> {
  server.close();
  server.closeIdleConnections();
  await app.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
