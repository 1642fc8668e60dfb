// The Check button: the step's checks on the learner's own environment, answered in the
// learner's words (author diagnostics stay in the runner's log). Fast when nothing is in
// motion: waiting only helps while the cluster is still settling.
import { gradeStep } from "../grader/grade-step.ts";
import type { GradingTarget } from "../grader/grading-target.ts";
import type { Check } from "../lab-format/check-format.ts";
import type { LabStep } from "../lab-format/lab-format.ts";
import type { CheckStepResponse } from "../protocol/player-api.ts";
import { settling, waitUntilSettled, withoutRetries } from "../grader/settle.ts";

/**
 * One attempt per check first: a right answer passes at once, and on a settled cluster a
 * wrong one fails at once. Only while something is settling (a rollout, a Service applied
 * a moment ago) does Check wait — until it settles, within the step's longest check
 * timeout — and then grade the failing checks once more.
 */
export async function checkStep(
  target: GradingTarget,
  step: LabStep,
  log: (line: string) => void = () => {},
): Promise<CheckStepResponse> {
  const started = performance.now();
  const once = (checks: Check[]) =>
    gradeStep(target, { ...step, checks: checks.map(withoutRetries) });
  let graded = await once(step.checks);
  if (!graded.passed && (await settling(target))) {
    const longest = Math.max(...step.checks.map((c) => c.timeoutSeconds)) * 1000;
    await waitUntilSettled(target, longest);
    const failing = step.checks.filter((c) => !graded.results.find((r) => r.id === c.id)?.passed);
    const again = new Map((await once(failing)).results.map((r) => [r.id, r]));
    const results = graded.results.map((r) => again.get(r.id) ?? r);
    graded = { ...graded, results, passed: results.every((r) => r.passed) };
  }
  graded = { ...graded, durationMs: Math.round(performance.now() - started) };
  for (const r of graded.results)
    if (!r.passed && r.diagnostics)
      log(`check ${step.id}/${r.id} on ${target.name}: ${r.diagnostics.split("\n")[0]}`);
  return {
    step: graded.step,
    passed: graded.passed,
    durationMs: graded.durationMs,
    results: graded.results.map((r) => ({
      id: r.id,
      kind: r.kind,
      passed: r.passed,
      description: r.description,
      expected: r.expected,
      observed: r.observed,
      ...(r.hint && !r.passed ? { hint: r.hint } : {}),
      ...(r.skipped ? { skipped: r.skipped } : {}),
      durationMs: r.durationMs,
    })),
  };
}
