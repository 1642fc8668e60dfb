// Forwards WebSocket upgrades under a path prefix to the runner's terminal and live-check
// routes (runner/src/protocol/runner-contract.ts), byte for byte after the handshake: the site serves the runner's terminals on its own origin, so a learner's
// browser needs only the site's address (app/lib/terminal-url.ts). The runner still checks
// the token and the page's Origin, which pass through unchanged.
import { request } from "node:http";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { liveRoute, matchPath, terminalRoute } from "../../runner/src/protocol/runner-contract.ts";

function head(status: number, message: string, rawHeaders: string[]): string {
  const lines = [`HTTP/1.1 ${status} ${message}`];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    lines.push(`${rawHeaders[i]}: ${rawHeaders[i + 1]}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}

export function proxyUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  firstBytes: Buffer,
  prefix: string,
  targetBase: string | undefined,
): void {
  const target =
    targetBase && req.url?.startsWith(`${prefix}/`)
      ? new URL(req.url.slice(prefix.length), targetBase)
      : undefined;
  // Only the runner's terminals and live checks are served here, not whatever else it answers.
  const served = [terminalRoute.path, liveRoute.path];
  if (!target || !served.some((route) => matchPath(route, target.pathname))) {
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
    return;
  }
  const upstream = request(target, {
    method: req.method,
    headers: { ...req.headers, host: target.host },
  });
  const close = () => socket.destroy();
  socket.on("error", () => upstream.destroy());
  upstream.on("error", close);
  upstream.on("response", (res) => {
    // A refusal before the handshake (a foreign Origin, a bad token): passed on as it is.
    socket.write(head(res.statusCode ?? 502, res.statusMessage ?? "", res.rawHeaders));
    res.pipe(socket);
  });
  upstream.on("upgrade", (res, upstreamSocket, upstreamHead) => {
    socket.write(head(101, "Switching Protocols", res.rawHeaders));
    if (upstreamHead.length > 0) socket.write(upstreamHead);
    if (firstBytes.length > 0) upstreamSocket.write(firstBytes);
    upstreamSocket.on("error", close);
    socket.on("close", () => upstreamSocket.destroy());
    upstreamSocket.on("close", close);
    upstreamSocket.pipe(socket).pipe(upstreamSocket);
  });
  upstream.end();
}
