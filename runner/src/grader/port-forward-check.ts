// port-forward: the learner's own `kubectl port-forward` must answer on localhost in their
// workstation. Nothing listening is the common mistake (the forward was stopped with
// Ctrl+C, or runs in a terminal that was closed), so a refusal says exactly that.
import type { PortForwardCheck } from "../lab-format/check-format.ts";
import type { Verdict } from "./check-result.ts";
import { buildProbeScript, describeFailure, parseProbeOutput } from "./curl-probe.ts";
import { openCheck } from "./check-opening.ts";
import type { GradingTarget } from "./grading-target.ts";

export function gradePortForward(target: GradingTarget, check: PortForwardCheck): Promise<Verdict> {
  return openCheck(target, check, "workstation", () => attempt(target, check));
}

/**
 * A forward whose pod side refuses closes the connection and then, in current kubectl,
 * ends: the state the learner is left with shows a moment later, outside any namespace the
 * at-rest rule watches. So a closed connection is looked at once more after that moment.
 */
const FORWARD_ENDS_MS = 1500;

async function attempt(target: GradingTarget, check: PortForwardCheck): Promise<Verdict> {
  const first = await probeOnce(target, check);
  if (first.passed || !first.closed) return first.verdict;
  await new Promise((resolve) => setTimeout(resolve, FORWARD_ENDS_MS));
  return (await probeOnce(target, check)).verdict;
}

async function probeOnce(
  target: GradingTarget,
  check: PortForwardCheck,
): Promise<{ verdict: Verdict; passed: boolean; closed: boolean }> {
  const verdict = await probeVerdict(target, check);
  return {
    verdict,
    passed: verdict.passed,
    closed: /closed without an answer/.test(verdict.observed),
  };
}

async function probeVerdict(target: GradingTarget, check: PortForwardCheck): Promise<Verdict> {
  const url = `http://127.0.0.1:${check.port}${check.path}`;
  const expected = `localhost:${check.port} in your terminal answers ${check.expect.status}${check.expect.bodyContains ? ` with "${check.expect.bodyContains}"` : ""}`;
  const result = await target.workstation!(buildProbeScript([{ label: url, url }], 1, 3), 15_000);
  const outcome = parseProbeOutput(result.stdout, 1)[0]?.[0];
  if (!outcome)
    return {
      passed: false,
      expected,
      observed: "the probe gave no result",
      diagnostics: result.stderr,
    };
  if (outcome.kind === "refused")
    return {
      passed: false,
      expected,
      observed: `nothing listens on localhost:${check.port} in your workstation — is \`kubectl port-forward\` still running?`,
      diagnostics: outcome.message,
    };
  if (outcome.kind !== "answered")
    return {
      passed: false,
      expected,
      observed: `localhost:${check.port}: ${describeFailure(outcome)}`,
      diagnostics: outcome.message,
    };
  if (outcome.status !== check.expect.status)
    return {
      passed: false,
      expected,
      observed: `localhost:${check.port} answered with status ${outcome.status}`,
    };
  if (check.expect.bodyContains && !outcome.body.includes(check.expect.bodyContains))
    return {
      passed: false,
      expected,
      observed: `localhost:${check.port} answered "${outcome.body.trim().slice(0, 120)}" — the forward reaches something else`,
    };
  return {
    passed: true,
    expected,
    observed: `localhost:${check.port} answered "${outcome.body.trim().slice(0, 80)}"`,
  };
}
