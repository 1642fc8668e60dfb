import { describe, expect, it } from "vitest";
import { httpCheckSchema } from "../lab-format/check-format.ts";
import type { Outcome } from "./curl-probe.ts";
import { backendOf, judgeHttp, type ProbedEntry } from "./http-verdict.ts";

const check = (expect: Record<string, unknown>, requests = 10) =>
  httpCheckSchema.parse({
    id: "answers",
    kind: "http",
    description: "every node answers",
    target: { nodePort: { service: "kubia" } },
    requests,
    expect,
  });

const hit = (pod: string, localIp = "172.18.0.9"): Outcome => ({
  kind: "answered",
  status: 200,
  body: `You've hit ${pod}\n`,
  localIp,
});
const entry = (label: string, outcomes: Outcome[], expectAnswer = true): ProbedEntry => ({
  label,
  url: `http://${label}/`,
  expectAnswer,
  outcomes,
});

describe("judgeHttp", () => {
  it("passes when every entry spreads over at least 2 pods", () => {
    const pods = (n: number) => Array.from({ length: n }, (_, i) => hit(`kubia-${i % 3}`));
    const verdict = judgeHttp(
      check({ distinctBackends: { min: 2 } }),
      [entry("node a", pods(10)), entry("node b", pods(10))],
      "x",
    );
    expect(verdict.passed).toBe(true);
  });

  it("tells a refusal apart and adds the cluster-side reason", () => {
    const verdict = judgeHttp(
      check({}),
      [entry("node a", [{ kind: "refused", message: "Connection refused" }])],
      "x",
      (kind) =>
        kind === "refused"
          ? "Service kubia forwards to targetPort 9090, but its pods listen on 8080"
          : undefined,
    );
    expect(verdict).toMatchObject({
      passed: false,
      observed:
        "node a: the connection was refused — Service kubia forwards to targetPort 9090, but its pods listen on 8080",
      diagnostics: "Connection refused",
    });
  });

  it("tells a timeout, a wrong status and a wrong body apart", () => {
    const timedOut = judgeHttp(
      check({}),
      [entry("node a", [{ kind: "timed-out", message: "" }])],
      "x",
    );
    expect(timedOut.observed).toBe("node a: the request timed out (nothing answered)");
    const status = judgeHttp(
      check({}),
      [entry("lb", [{ ...hit("x"), status: 503 } as Outcome])],
      "x",
    );
    expect(status.observed).toBe("lb answered with status 503 instead of 200");
    const body = judgeHttp(
      check({ bodyContains: "You've hit kubia-" }),
      [entry("lb", [hit("other-1")])],
      "x",
    );
    expect(body.observed).toBe(
      'lb answered "You\'ve hit other-1", which does not contain "You\'ve hit kubia-"',
    );
  });

  it("requires nodes without endpoints to stay silent under externalTrafficPolicy Local", () => {
    const c = check({ answeringNodes: "with-endpoints" }, 1);
    const ok = judgeHttp(
      c,
      [
        entry("node a", [hit("kubia-1")]),
        entry("node b", [{ kind: "timed-out", message: "" }], false),
      ],
      "x",
    );
    expect(ok).toMatchObject({
      passed: true,
      observed: "1 answer with status 200; no answer from node b",
    });
    const leaky = judgeHttp(
      c,
      [entry("node a", [hit("kubia-1")]), entry("node b", [hit("kubia-1")], false)],
      "x",
    );
    expect(leaky.observed).toMatch(/^node b answered, but no ready endpoint runs there/);
  });

  it("checks the client address the backend saw", () => {
    const whoami = (seen: string): Outcome => ({
      kind: "answered",
      status: 200,
      body: JSON.stringify({ hostname: "kubia-1", clientAddress: seen }),
      localIp: "172.18.0.9",
    });
    const c = check({ clientAddress: "preserved" }, 1);
    expect(judgeHttp(c, [entry("node a", [whoami("172.18.0.9")])], "x").passed).toBe(true);
    expect(judgeHttp(c, [entry("node a", [whoami("10.244.1.1")])], "x").observed).toBe(
      "through node a the pod saw client address 10.244.1.1, not the client's own 172.18.0.9: the source address was replaced on the way",
    );
  });

  it("requires the certificate chosen by SNI to be valid for the host, before the status", () => {
    const tls = httpCheckSchema.parse({
      id: "tls",
      kind: "http",
      description: "https answers",
      target: { ingress: { host: "kubia.example.com", tls: true } },
      expect: { certificateFor: "kubia.example.com" },
    });
    const served = (dnsNames: string[], subject = "CN = x"): Outcome =>
      ({
        ...hit("kubia-1"),
        certificate: { subject, dnsNames },
      }) as Outcome;
    expect(judgeHttp(tls, [entry("https", [served(["kubia.example.com"])])], "x").passed).toBe(
      true,
    );
    const fallback = judgeHttp(
      tls,
      [entry("https", [served([], "CN = TRAEFIK DEFAULT CERT")])],
      "x",
    );
    expect(fallback.passed).toBe(false);
    expect(fallback.observed).toMatch(
      /^https presented a certificate with no DNS names \(subject CN = TRAEFIK DEFAULT CERT\), not one for kubia.example.com/,
    );
    expect(judgeHttp(tls, [entry("https", [served(["www.example.com"])])], "x").observed).toMatch(
      /^https presented a certificate for www.example.com, not one for kubia.example.com/,
    );
    expect(judgeHttp(tls, [entry("https", [hit("kubia-1")])], "x").observed).toBe(
      "https: the probe could not read the certificate the server sent",
    );
    // Only an HTTPS target has a certificate to judge.
    expect(() =>
      httpCheckSchema.parse({
        id: "tls",
        kind: "http",
        description: "x",
        target: { ingress: { host: "kubia.example.com" } },
        expect: { certificateFor: "kubia.example.com" },
      }),
    ).toThrow(/certificateFor needs an HTTPS target/);
  });

  it("nothingAnswers passes only when every entry point is refused or times out", () => {
    const c = check({ nothingAnswers: true }, 3);
    const silent = judgeHttp(
      c,
      [
        entry("node a", [{ kind: "refused", message: "" }]),
        entry("node b", [{ kind: "timed-out", message: "" }]),
      ],
      "x",
    );
    expect(silent).toMatchObject({
      passed: true,
      observed:
        "no answer from node a (the connection was refused), node b (the request timed out (nothing answered))",
    });
    // Any HTTP answer means the place is reachable, even an error status.
    const reachable = judgeHttp(
      c,
      [
        entry("node a", [{ kind: "refused", message: "" }]),
        entry("node b", [{ ...hit("kubia-1"), status: 503 } as Outcome]),
      ],
      "x",
    );
    expect(reachable.passed).toBe(false);
    expect(reachable.observed).toMatch(/^node b answered with status 503 \("You've hit kubia-1"\)/);
    expect(() => check({ nothingAnswers: true, bodyContains: "x" }, 3)).toThrow(
      /cannot be combined/,
    );
  });

  it("does not judge spreading on fewer answers than requests", () => {
    const verdict = judgeHttp(
      check({ distinctBackends: { min: 2 } }, 10),
      [entry("node a", [hit("kubia-0"), hit("kubia-1"), hit("kubia-2")])],
      "x",
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toBe(
      "node a: only 3 of 10 requests finished before the probe's time ran out (the others neither answered nor failed in time)",
    );
  });

  it("names the backend from kubia's answers", () => {
    expect(backendOf("You've hit kubia-7d9f-abc\n")).toBe("kubia-7d9f-abc");
    expect(backendOf('{"hostname":"kubia-1","clientAddress":"1.2.3.4"}')).toBe("kubia-1");
  });
});
