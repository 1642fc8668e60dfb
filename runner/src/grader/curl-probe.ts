// The HTTP probe a person would run: one `curl` process per request, so every request is a
// fresh TCP connection (keep-alive would make `sessionAffinity: None` look sticky). One
// shell script covers all entry points, so a check costs one exec, not one per request.
// Pure: builds the script and reads its output; where it runs is the caller's business.

export interface ProbeEntry {
  /** Learner-readable, e.g. `node kind-worker (172.18.0.3:30123)`. */
  label: string;
  url: string;
  /** `host:port:address` for `curl --resolve` (Ingress TLS by SNI). */
  resolve?: string;
  headers?: string[];
}

export type Outcome =
  | { kind: "answered"; status: number; body: string; localIp: string }
  | { kind: "refused" | "timed-out" | "unresolved" | "reset" | "tls" | "error"; message: string };

const quote = (s: string) => `'${s.replaceAll("'", `'"'"'`)}'`;

/**
 * POSIX sh; runs in the workstation, the curl probe pod and the nodes. A failed request ends
 * that entry's run: its cause (refused, timed out) is what the learner needs, and waiting
 * for N timeouts would not say more.
 */
export function buildProbeScript(
  entries: ProbeEntry[],
  requests: number,
  maxTimeSeconds: number,
): string {
  const lines = [
    `t=$(mktemp -d)`,
    `probe() {`,
    `  e=$1; n=$2; shift 2; i=0`,
    `  while [ "$i" -lt "$n" ]; do`,
    `    i=$((i+1))`,
    `    meta=$(curl -sS -k -H 'Connection: close' --max-time ${maxTimeSeconds} -o "$t/b" -w '%{http_code} %{local_ip}' "$@" 2>"$t/e"); rc=$?`,
    `    echo "@@kindling $e $rc $meta"`,
    `    echo "@@body $(base64 -w0 "$t/b" 2>/dev/null)"`,
    `    echo "@@err $(base64 -w0 "$t/e" 2>/dev/null)"`,
    `    rm -f "$t/b" "$t/e"`,
    `    [ "$rc" -eq 0 ] || break`,
    `  done`,
    `}`,
  ];
  entries.forEach((entry, i) => {
    const args = [
      ...(entry.resolve ? ["--resolve", entry.resolve] : []),
      ...(entry.headers ?? []).flatMap((h) => ["-H", h]),
      entry.url,
    ];
    lines.push(`probe ${i} ${requests} ${args.map(quote).join(" ")}`);
  });
  lines.push(`rm -rf "$t"`);
  return lines.join("\n");
}

const decode = (b64: string) => Buffer.from(b64.trim(), "base64").toString("utf8");

/** curl's exit codes, told apart because they point at different mistakes. */
export function classifyCurl(
  exitCode: number,
  status: number,
  body: string,
  error: string,
  localIp: string,
): Outcome {
  const message = error.trim().replace(/^curl: \(\d+\) /, "");
  switch (exitCode) {
    case 0:
      return { kind: "answered", status, body, localIp };
    case 7:
      // "Failed to connect": a closed port (wrong targetPort) or kube-proxy's REJECT rule
      // for a Service without endpoints; the caller explains which from the cluster.
      return { kind: "refused", message };
    case 28:
      return { kind: "timed-out", message };
    case 6:
      return { kind: "unresolved", message };
    case 52:
    case 56:
      return { kind: "reset", message };
    case 35:
    case 60:
      return { kind: "tls", message };
    default:
      return { kind: "error", message: message || `curl exited with ${exitCode}` };
  }
}

/** Outcomes per entry, in entry order. Output of a failed script yields fewer outcomes. */
export function parseProbeOutput(stdout: string, entryCount: number): Outcome[][] {
  const result: Outcome[][] = Array.from({ length: entryCount }, () => []);
  const lines = stdout.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const head = /^@@kindling (\d+) (\d+) ?(\d*) ?(\S*)/.exec(lines[i]!);
    if (!head) continue;
    const body = /^@@body ?(.*)$/.exec(lines[i + 1] ?? "")?.[1] ?? "";
    const error = /^@@err ?(.*)$/.exec(lines[i + 2] ?? "")?.[1] ?? "";
    result[Number(head[1])]?.push(
      classifyCurl(
        Number(head[2]),
        Number(head[3] || 0),
        decode(body),
        decode(error),
        head[4] ?? "",
      ),
    );
    i += 2;
  }
  return result;
}

/** Plain words for an outcome that is not an answer. */
export function describeFailure(outcome: Exclude<Outcome, { kind: "answered" }>): string {
  switch (outcome.kind) {
    case "refused":
      return "the connection was refused";
    case "timed-out":
      return "the request timed out (nothing answered)";
    case "unresolved":
      return "the name did not resolve";
    case "reset":
      return "the connection was closed without an answer";
    case "tls":
      return `the TLS handshake failed (${outcome.message})`;
    case "error":
      return `the request failed (${outcome.message})`;
  }
}
