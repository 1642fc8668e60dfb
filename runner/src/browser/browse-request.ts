// One Browser-tab request as curl in the learner's workstation runs it: as the learner, so
// the network fence that keeps the workstation to its own cluster also bounds the tab, and
// `localhost` is where the learner's `kubectl port-forward` listens. Pure: builds the
// script and reads its output; browse.ts runs it.
import type { BrowseTarget } from "./browse-target.ts";

const quote = (s: string) => `'${s.replaceAll("'", `'"'"'`)}'`;

export interface BrowseScriptLimits {
  maxBodyBytes: number;
  maxTimeSeconds: number;
}

export function buildBrowseScript(target: BrowseTarget, limits: BrowseScriptLimits): string {
  const ip = target.connect.kind === "address" ? target.connect.ip : "127.0.0.1";
  // --resolve pins the name to the address judged here (no DNS), and keeps Host and SNI.
  const resolve = /^(\d|\[)/.test(target.hostname)
    ? ""
    : ` --resolve ${quote(`${target.hostname}:${target.port}:${ip}`)}`;
  return [
    `t=$(mktemp -d) || exit 90`,
    // -q first: the learner's ~/.curlrc must not add options (a proxy, -L). No -L: a
    // redirect is shown, never followed. -k: the tab reports the certificate, it is a lab.
    `curl -q -sS -k --proto =http,https --noproxy '*' --max-time ${limits.maxTimeSeconds}` +
      ` --max-filesize 8388608 -H 'Connection: close' -D "$t/h" -o "$t/b"` +
      ` -w '%{http_code} %{local_ip} %{remote_ip} %{remote_port}'${resolve} ${quote(target.url)}` +
      ` >"$t/m" 2>"$t/e"`,
    `echo "@@rc $? $(head -n1 "$t/m")"`,
    `echo "@@size $(wc -c <"$t/b" 2>/dev/null || echo 0)"`,
    `echo "@@h $(base64 -w0 "$t/h" 2>/dev/null)"`,
    `echo "@@b $(head -c ${limits.maxBodyBytes} "$t/b" 2>/dev/null | base64 -w0)"`,
    `echo "@@e $(base64 -w0 "$t/e" 2>/dev/null)"`,
    `rm -rf "$t"`,
  ].join("\n");
}

export type BrowseOutput =
  | {
      kind: "answered";
      status: number;
      headers: [string, string][];
      body: Buffer;
      size: number;
      localIp: string;
      remote: string;
    }
  | { kind: "failed"; message: string };

function field(output: string, name: string): string {
  const line = output.split("\n").find((l) => l.startsWith(`@@${name} `) || l === `@@${name}`);
  return line ? line.slice(name.length + 3).trim() : "";
}

const decode = (b64: string) => Buffer.from(b64, "base64");

/** The last header block: a 100 Continue or similar comes before the real answer. */
export function parseHeaderBlock(raw: string): [string, string][] {
  const blocks = raw.split(/\r?\n\r?\n/).filter((b) => b.trim());
  const last = blocks.at(-1) ?? "";
  return last
    .split(/\r?\n/)
    .slice(1)
    .flatMap((line): [string, string][] => {
      const colon = line.indexOf(":");
      return colon > 0 ? [[line.slice(0, colon).trim(), line.slice(colon + 1).trim()]] : [];
    });
}

export function parseBrowseOutput(output: string): BrowseOutput {
  const [rc = "", status = "", localIp = "", remoteIp = "", remotePort = ""] = field(
    output,
    "rc",
  ).split(" ");
  if (rc === "") return { kind: "failed", message: "the workstation did not run the request" };
  const stderr = decode(field(output, "e")).toString("utf8").trim();
  if (rc !== "0" || status === "000")
    return {
      kind: "failed",
      message: stderr.replace(/^curl: \(\d+\) /, "") || `curl exited with ${rc}`,
    };
  return {
    kind: "answered",
    status: Number(status),
    headers: parseHeaderBlock(decode(field(output, "h")).toString("latin1")),
    body: decode(field(output, "b")),
    size: Number(field(output, "size")) || 0,
    localIp,
    remote: remotePort ? `${remoteIp}:${remotePort}` : remoteIp,
  };
}
