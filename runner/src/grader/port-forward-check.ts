// port-forward: the learner's own `kubectl port-forward` must answer on localhost in their
// workstation. Nothing listening is the common mistake (the forward was stopped with
// Ctrl+C, or runs in a terminal that was closed), so a refusal says exactly that.
import type { PortForwardCheck } from "../lab-format/check-format.ts";
import type { Verdict } from "./check-result.ts";
import { buildProbeScript, describeFailure, parseProbeOutput } from "./curl-probe.ts";
import { type GradingTarget, missingVantage } from "./grading-target.ts";
import { untilPassed } from "./retry.ts";

export function gradePortForward(target: GradingTarget, check: PortForwardCheck): Promise<Verdict> {
  const missing = missingVantage(target, "workstation");
  if (missing)
    return Promise.resolve({
      passed: false,
      expected: check.description,
      observed: "not run",
      skipped: missing,
    });
  return untilPassed(check.timeoutSeconds * 1000, () => attempt(target, check));
}

async function attempt(target: GradingTarget, check: PortForwardCheck): Promise<Verdict> {
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
