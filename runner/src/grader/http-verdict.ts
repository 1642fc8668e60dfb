// The pure half of the http check: given what each entry point answered, decide and say
// why in the learner's words. Refused, timed out, wrong status and wrong body are told
// apart because they point at different mistakes.
import type { HttpCheck } from "../lab-format/check-format.ts";
import type { Verdict } from "./check-result.ts";
import {
  certificateCovers,
  describeCertificate,
  describeFailure,
  type Outcome,
  type ProbeEntry,
} from "./curl-probe.ts";
import { describeCount, judgeDistribution } from "./distribution.ts";

export interface ProbedEntry extends ProbeEntry {
  /** False for a node that must drop traffic (externalTrafficPolicy: Local, no endpoint). */
  expectAnswer: boolean;
  outcomes: Outcome[];
}

type Answer = Extract<Outcome, { kind: "answered" }>;

/** The pod that served a request: kubia says `You've hit <pod>`, or `hostname` on /whoami. */
export function backendOf(body: string): string {
  const hit = /You've hit (\S+)/.exec(body);
  if (hit) return hit[1]!;
  try {
    const json = JSON.parse(body) as { hostname?: unknown };
    if (typeof json.hostname === "string") return json.hostname;
  } catch {
    // not JSON: the whole body names the backend
  }
  return body.trim().slice(0, 80);
}

function clientAddressOf(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as { clientAddress?: unknown };
    return typeof json.clientAddress === "string" ? json.clientAddress : undefined;
  } catch {
    return undefined;
  }
}

export function describeHttpExpectation(check: HttpCheck, entryWords: string): string {
  const e = check.expect;
  if (e.nothingAnswers)
    return `${check.requests === 1 ? "a request" : `${check.requests} requests`} to ${entryWords} get${check.requests === 1 ? "s" : ""} no answer: refused or timed out`;
  const parts = [
    `${check.requests} request${check.requests === 1 ? "" : "s"} to ${entryWords} answer${check.requests === 1 ? "s" : ""} ${e.status}`,
  ];
  if (e.bodyContains) parts.push(`with "${e.bodyContains}" in the body`);
  if (e.distinctBackends)
    parts.push(`reaching ${describeCount(e.distinctBackends, "pod")} through each entry point`);
  if (e.clientAddress === "preserved") parts.push("and the pod sees the client's own address");
  if (e.clientAddress === "replaced")
    parts.push("and the pod sees a cluster address, not the client's");
  if (e.certificateFor)
    parts.push(`over HTTPS with a certificate for ${e.certificateFor}, chosen by SNI`);
  if (e.answeringNodes === "with-endpoints")
    parts.push("; nodes without a ready endpoint do not answer");
  return parts.join(" ");
}

/** `explain` adds the cluster-side reason to a refusal or timeout (e.g. no endpoints). */
export function judgeHttp(
  check: HttpCheck,
  entries: ProbedEntry[],
  expected: string,
  explain?: (failure: Outcome["kind"]) => string | undefined,
): Verdict {
  const fail = (observed: string, diagnostics?: string): Verdict => ({
    passed: false,
    expected,
    observed,
    diagnostics,
  });
  if (check.expect.nothingAnswers) return judgeSilence(entries, expected);
  const answers: { entry: string; answers: Answer[] }[] = [];

  for (const entry of entries) {
    const first = entry.outcomes[0];
    if (!first) return fail(`${entry.label}: the probe gave no result`);
    if (!entry.expectAnswer) {
      if (first.kind === "answered")
        return fail(
          `${entry.label} answered, but no ready endpoint runs there: with externalTrafficPolicy Local it should drop the traffic`,
        );
      continue;
    }
    const failed = entry.outcomes.find((o): o is Exclude<Outcome, Answer> => o.kind !== "answered");
    if (failed) {
      const why = explain?.(failed.kind);
      return fail(
        `${entry.label}: ${describeFailure(failed)}${why ? ` — ${why}` : ""}`,
        failed.message,
      );
    }
    const ok = entry.outcomes as Answer[];
    // Before status and body: a controller that lacks the host's certificate still routes
    // the request, with its default certificate, which a browser would refuse.
    const wantedName = check.expect.certificateFor;
    if (wantedName)
      for (const o of ok) {
        if (!o.certificate)
          return fail(`${entry.label}: the probe could not read the certificate the server sent`);
        if (!certificateCovers(o.certificate, wantedName))
          return fail(
            `${entry.label} presented ${describeCertificate(o.certificate)}, not one for ${wantedName} (a server with no certificate for the name a client asks for sends its default one)`,
          );
      }
    const wrongStatus = ok.find((o) => o.status !== check.expect.status);
    if (wrongStatus)
      return fail(
        `${entry.label} answered with status ${wrongStatus.status} instead of ${check.expect.status}`,
        wrongStatus.body.slice(0, 500),
      );
    const needle = check.expect.bodyContains;
    const wrongBody = needle ? ok.find((o) => !o.body.includes(needle)) : undefined;
    if (wrongBody)
      return fail(
        `${entry.label} answered "${wrongBody.body.trim().slice(0, 120)}", which does not contain "${needle}"`,
      );
    const policy = check.expect.clientAddress;
    if (policy) {
      for (const o of ok) {
        const seen = clientAddressOf(o.body);
        if (!seen)
          return fail(
            `${entry.label}: the answer does not say which client address the pod saw (probe path /whoami)`,
          );
        if (policy === "preserved" && seen !== o.localIp)
          return fail(
            `through ${entry.label} the pod saw client address ${seen}, not the client's own ${o.localIp}: the source address was replaced on the way`,
          );
        if (policy === "replaced" && seen === o.localIp)
          return fail(`through ${entry.label} the pod saw the client's own address ${seen}`);
      }
    }
    // The probe's output ended early (its own time ran out): fewer answers than requests
    // must not be judged as if they were all there were.
    if (ok.length < check.requests)
      return fail(
        `${entry.label}: only ${ok.length} of ${check.requests} requests finished before the probe's time ran out (the others neither answered nor failed in time)`,
      );
    answers.push({ entry: entry.label, answers: ok });
  }

  if (check.expect.distinctBackends) {
    const verdict = judgeDistribution(
      answers.map((a) => ({ entry: a.entry, backends: a.answers.map((o) => backendOf(o.body)) })),
      check.expect.distinctBackends,
    );
    return verdict.passed
      ? { passed: true, expected, observed: verdict.observed }
      : fail(verdict.observed);
  }
  const total = answers.reduce((n, a) => n + a.answers.length, 0);
  const silent = entries.filter((e) => !e.expectAnswer).map((e) => e.label);
  return {
    passed: true,
    expected,
    observed: `${total} answer${total === 1 ? "" : "s"} with status ${check.expect.status}${silent.length ? `; no answer from ${silent.join(", ")}` : ""}`,
  };
}

/** `nothingAnswers`: any HTTP answer, whatever its status, means the place is reachable. */
function judgeSilence(entries: ProbedEntry[], expected: string): Verdict {
  const silent: string[] = [];
  for (const entry of entries) {
    const first = entry.outcomes[0];
    if (!first)
      return { passed: false, expected, observed: `${entry.label}: the probe gave no result` };
    const answer = entry.outcomes.find((o): o is Answer => o.kind === "answered");
    if (answer)
      return {
        passed: false,
        expected,
        observed: `${entry.label} answered with status ${answer.status} ("${answer.body.trim().slice(0, 80)}"): it is reachable from here`,
      };
    silent.push(`${entry.label} (${describeFailure(first as Exclude<Outcome, Answer>)})`);
  }
  return { passed: true, expected, observed: `no answer from ${silent.join(", ")}` };
}
