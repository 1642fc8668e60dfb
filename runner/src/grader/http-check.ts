// http: real requests from a vantage point to where the check says, judged by
// http-verdict.ts. This half finds the entry points (every node's InternalIP for a
// NodePort, the LoadBalancer IP, the Ingress controller with --resolve for SNI) and runs
// the probe script where the learner's traffic would start.
import type { HttpCheck } from "../lab-format/check-format.ts";
import type { Verdict } from "./check-result.ts";
import { buildProbeScript, parseProbeOutput, type ProbeEntry } from "./curl-probe.ts";
import { openCheck } from "./check-opening.ts";
import type { ExecResult, GradingTarget } from "./grading-target.ts";
import type { HttpProbeBatch } from "./http-probe-batch.ts";
import { describeHttpExpectation, judgeHttp, type ProbedEntry } from "./http-verdict.ts";
import { readNodes } from "./nodes.ts";
import { runHttpProbe } from "./probe-pod.ts";
import {
  explainNoEndpoints,
  explainRefused,
  readServiceFacts,
  type ServiceFacts,
} from "./service-endpoints.ts";

const MAX_TIME_SECONDS = 3;

/**
 * With a batch, the first attempt's probes run in one exec with those of the step's other
 * http checks from the same vantage point (http-probe-batch.ts); retries run alone.
 */
export function gradeHttp(
  target: GradingTarget,
  check: HttpCheck,
  batch?: HttpProbeBatch,
): Promise<Verdict> {
  let first = batch;
  return openCheck(target, check, check.from, () => {
    const batched = first?.verdict(check);
    first = undefined;
    return batched ?? attempt(target, check);
  });
}

interface Plan {
  entries: (ProbeEntry & { expectAnswer: boolean })[];
  words: string;
  facts?: ServiceFacts;
  /** The Service port the entries reach, for explaining a refusal. */
  port?: ServiceFacts["ports"][number];
  problem?: string;
  /** The problem is that the Service exposes no such entry point: nothing can answer there. */
  unexposed?: boolean;
}

function pickPort(facts: ServiceFacts, port: number | string | undefined) {
  return port === undefined
    ? facts.ports[0]
    : facts.ports.find((p) => p.name === port || p.port === port);
}

async function plan(target: GradingTarget, check: HttpCheck): Promise<Plan> {
  const t = check.target;
  const path = check.path;
  if ("url" in t)
    return {
      entries: [
        {
          label: t.url,
          url: t.url,
          certificate: check.expect.certificateFor !== undefined,
          expectAnswer: true,
        },
      ],
      words: t.url,
    };

  if ("ingress" in t) {
    const nodes = await readNodes(target);
    const entry = nodes.find((n) => n.role === "worker") ?? nodes[0];
    if (!entry) return { entries: [], words: "the Ingress", problem: "the cluster has no nodes" };
    const port = t.ingress.tls ? 443 : 80;
    const url = `${t.ingress.tls ? "https" : "http"}://${t.ingress.host}${t.ingress.path}`;
    // --resolve sends SNI and Host as a browser would; a Host header alone skips SNI.
    return {
      entries: [
        {
          label: url,
          url,
          resolve: `${t.ingress.host}:${port}:${entry.ip}`,
          certificate: check.expect.certificateFor !== undefined,
          expectAnswer: true,
        },
      ],
      words: url,
    };
  }

  const name =
    "nodePort" in t ? t.nodePort.service : "service" in t ? t.service.name : t.loadBalancer.service;
  const namespace = ("service" in t && t.service.namespace) || target.namespace;
  const facts = await readServiceFacts(target, name, namespace);
  if (!facts.exists)
    return {
      entries: [],
      words: `Service ${name}`,
      facts,
      problem: `there is no Service named ${name}`,
    };
  const wanted =
    "nodePort" in t ? t.nodePort.port : "service" in t ? t.service.port : t.loadBalancer.port;
  const port = pickPort(facts, wanted);
  if (!port)
    return {
      entries: [],
      words: `Service ${name}`,
      facts,
      problem: `Service ${name} has no port ${wanted ?? ""}`.trim(),
    };

  if ("nodePort" in t) {
    if (!port.nodePort)
      return {
        entries: [],
        words: `Service ${name}'s node port`,
        facts,
        problem: `Service ${name} is of type ${facts.type ?? "ClusterIP"}, so it has no node port`,
        unexposed: true,
      };
    const hosting = new Set(facts.ready.map((e) => e.nodeName));
    const nodes = await readNodes(target);
    return {
      entries: nodes.map((n) => ({
        label: `node ${n.name} (${n.ip}:${port.nodePort})`,
        url: `http://${n.ip}:${port.nodePort}${path}`,
        expectAnswer: check.expect.answeringNodes === "all" || hosting.has(n.name),
      })),
      words: `port ${port.nodePort} of every node (${nodes.length})`,
      facts,
      port,
    };
  }
  if ("loadBalancer" in t) {
    if (!facts.loadBalancerIp)
      return {
        entries: [],
        words: `Service ${name}'s external IP`,
        facts,
        problem: `Service ${name} has no external IP${facts.type === "LoadBalancer" ? " yet" : ` (it is of type ${facts.type ?? "ClusterIP"}, not LoadBalancer)`}`,
        unexposed: true,
      };
    const url = `http://${facts.loadBalancerIp}:${port.port}${path}`;
    return {
      entries: [
        { label: `external IP ${facts.loadBalancerIp}:${port.port}`, url, expectAnswer: true },
      ],
      words: url,
      facts,
      port,
    };
  }
  // A ClusterIP Service: by DNS name from a pod (what the learner would type), by ClusterIP
  // from a node (nodes do not use cluster DNS).
  const host = check.from === "pod" ? `${name}.${namespace}.svc.cluster.local` : facts.clusterIP;
  const url = `http://${host}:${port.port}${path}`;
  return {
    entries: [{ label: `Service ${name} (${host}:${port.port})`, url, expectAnswer: true }],
    words: `Service ${name}`,
    facts,
    port,
  };
}

/** An http check ready to probe: its script and how to judge what it printed, or a verdict. */
export type PreparedHttp =
  | { verdict: Verdict }
  | { script: string; timeoutMs: number; judge: (result: ExecResult) => Verdict };

/** Finds the entry points and builds the probe; nothing is probed yet. */
export async function prepareHttp(target: GradingTarget, check: HttpCheck): Promise<PreparedHttp> {
  const p = await plan(target, check);
  const expected = describeHttpExpectation(check, p.words);
  if (p.problem)
    return {
      verdict: {
        passed: check.expect.nothingAnswers && p.unexposed === true,
        expected,
        observed: p.problem,
      },
    };
  return {
    script: buildProbeScript(p.entries, check.requests, MAX_TIME_SECONDS),
    timeoutMs: (p.entries.length * check.requests * MAX_TIME_SECONDS + 30) * 1000,
    judge: (result) => judgeProbe(check, p, expected, result),
  };
}

async function attempt(target: GradingTarget, check: HttpCheck): Promise<Verdict> {
  const prepared = await prepareHttp(target, check);
  if ("verdict" in prepared) return prepared.verdict;
  return prepared.judge(await runFrom(target, check.from, prepared.script, prepared.timeoutMs));
}

function judgeProbe(check: HttpCheck, p: Plan, expected: string, result: ExecResult): Verdict {
  if (result.exitCode === -1)
    // The probe pod itself did not run (image pull, scheduling): not the learner's answer.
    return {
      passed: false,
      expected,
      observed: "the probe could not run yet",
      diagnostics: result.stderr,
      inconclusive: true,
    };
  const outcomes = parseProbeOutput(result.stdout, p.entries.length);
  const probed: ProbedEntry[] = p.entries.map((e, i) => ({ ...e, outcomes: outcomes[i] ?? [] }));
  const { facts, port } = p;
  return judgeHttp(check, probed, expected, (kind) =>
    !facts
      ? undefined
      : kind === "refused"
        ? explainRefused(facts, port)
        : explainNoEndpoints(facts, port),
  );
}

/** Runs a probe script where the check's traffic starts. */
export async function runFrom(
  target: GradingTarget,
  from: HttpCheck["from"],
  script: string,
  timeoutMs: number,
) {
  if (from === "pod") return runHttpProbe(target, script, timeoutMs);
  if (from === "workstation") return target.workstation!(script, timeoutMs);
  const nodes = await readNodes(target);
  const node = nodes.find((n) => n.role === "worker") ?? nodes[0];
  return target.node!(node?.name ?? "", script, timeoutMs);
}
