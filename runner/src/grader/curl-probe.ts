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
  /** Also read the certificate the server presented (HTTPS): its subject and DNS names. */
  certificate?: boolean;
}

/** The leaf certificate a TLS server presented, as curl's `%{certs}` describes it. */
export interface ServedCertificate {
  subject: string;
  /** DNS names from the Subject Alternative Name extension. */
  dnsNames: string[];
}

export type Outcome =
  | {
      kind: "answered";
      status: number;
      body: string;
      localIp: string;
      certificate?: ServedCertificate;
    }
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
    // -k: grading says which certificate was served instead of failing on a self-signed one.
    // With c=1, %{certs} (curl ≥ 7.88) describes the chain; the first Subject and Subject
    // Alternative Name lines belong to the server's own (leaf) certificate.
    `probe() {`,
    `  e=$1; n=$2; c=$3; shift 3; i=0; w='%{http_code} %{local_ip}'`,
    `  [ "$c" = 1 ] && w='%{http_code} %{local_ip}\\n%{certs}'`,
    `  while [ "$i" -lt "$n" ]; do`,
    `    i=$((i+1))`,
    `    curl -sS -k -H 'Connection: close' --max-time ${maxTimeSeconds} -o "$t/b" -w "$w" "$@" >"$t/m" 2>"$t/e"; rc=$?`,
    `    echo "@@kindling $e $rc $(head -n1 "$t/m")"`,
    `    echo "@@body $(base64 -w0 "$t/b" 2>/dev/null)"`,
    `    echo "@@err $(base64 -w0 "$t/e" 2>/dev/null)"`,
    `    [ "$c" = 1 ] && echo "@@cert $(awk '/^Subject:/{n++} n==1 && /^(Subject|X509v3 Subject Alternative Name):/' "$t/m" | base64 -w0)"`,
    `    rm -f "$t/b" "$t/e" "$t/m"`,
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
    lines.push(`probe ${i} ${requests} ${entry.certificate ? 1 : 0} ${args.map(quote).join(" ")}`);
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
    const outcome = classifyCurl(
      Number(head[2]),
      Number(head[3] || 0),
      decode(body),
      decode(error),
      head[4] ?? "",
    );
    i += 2;
    const cert = /^@@cert ?(.*)$/.exec(lines[i + 1] ?? "");
    if (cert) {
      i += 1;
      if (outcome.kind === "answered") outcome.certificate = parseCertificate(decode(cert[1]!));
    }
    result[Number(head[1])]?.push(outcome);
  }
  return result;
}

/** `Subject:CN = x` and `X509v3 Subject Alternative Name:DNS:a, DNS:b` lines from %{certs}. */
export function parseCertificate(text: string): ServedCertificate | undefined {
  const subject = /^Subject:\s*(.*)$/m.exec(text)?.[1]?.trim();
  if (subject === undefined) return undefined;
  const san = /^X509v3 Subject Alternative Name:\s*(.*)$/m.exec(text)?.[1] ?? "";
  const dnsNames = san
    .split(",")
    .map((part) => /^\s*DNS:(\S+)/.exec(part)?.[1])
    .filter((name): name is string => name !== undefined);
  return { subject, dnsNames };
}

/** RFC 6125: a name matches exactly or through a wildcard covering one left-most label. */
export function certificateCovers(certificate: ServedCertificate, host: string): boolean {
  const wanted = host.toLowerCase();
  return certificate.dnsNames.some((raw) => {
    const name = raw.toLowerCase();
    if (!name.startsWith("*.")) return name === wanted;
    const dot = wanted.indexOf(".");
    return dot > 0 && wanted.slice(dot) === name.slice(1);
  });
}

/** Plain words for a certificate: its DNS names, else its subject. */
export function describeCertificate(certificate: ServedCertificate): string {
  return certificate.dnsNames.length > 0
    ? `a certificate for ${certificate.dnsNames.join(", ")}`
    : `a certificate with no DNS names (subject ${certificate.subject || "empty"})`;
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
