// Grades one step: every check runs (they only read), each gives a verdict in the
// learner's words, and a failing check carries its own hint, or else the step's next unused
// hint — never author diagnostics, which stay in their own field.
import type { Check } from "../lab-format/check-format.ts";
import { chooseHint } from "../protocol/hint-choice.ts";
import type { LabStep } from "../lab-format/lab-format.ts";
import type { CheckResult, StepResult, Verdict } from "./check-result.ts";
import { gradeCommand } from "./command-check.ts";
import type { GradingTarget } from "./grading-target.ts";
import { gradeHttp } from "./http-check.ts";
import { type HttpProbeBatch, httpProbeBatches } from "./http-probe-batch.ts";
import { gradePortForward } from "./port-forward-check.ts";
import { gradeResource } from "./resource-check.ts";

/** With a probe batch (http-probe-batch.ts), an http check probes together with its peers. */
export function gradeCheck(
  target: GradingTarget,
  check: Check,
  batch?: HttpProbeBatch,
): Promise<Verdict> {
  switch (check.kind) {
    case "resource":
      return gradeResource(target, check);
    case "http":
      return gradeHttp(target, check, batch);
    case "port-forward":
      return gradePortForward(target, check);
    case "command":
      return gradeCommand(target, check);
  }
}

async function timed(
  target: GradingTarget,
  check: Check,
  batch: HttpProbeBatch | undefined,
): Promise<Omit<CheckResult, "hint">> {
  const start = performance.now();
  let verdict: Verdict;
  try {
    verdict = await gradeCheck(target, check, batch);
  } catch (error) {
    // The grader itself failed (cluster unreachable…): not the learner's fault, and not a pass.
    verdict = {
      passed: false,
      expected: check.description,
      observed: "the check could not run",
      diagnostics: (error as Error).message,
      skipped: `could not run: ${(error as Error).message.split("\n")[0]}`,
    };
  }
  const { inconclusive: _retryOnly, ...seen } = verdict;
  return {
    id: check.id,
    kind: check.kind,
    description: check.description,
    ...seen,
    durationMs: Math.round(performance.now() - start),
  };
}

export interface GradeOptions {
  /** How many of the step's hints the learner has seen; the next one goes with a failure. */
  hintsShown?: number;
}

export async function gradeStep(
  target: GradingTarget,
  step: Pick<LabStep, "id" | "title" | "checks" | "hints">,
  options: GradeOptions = {},
): Promise<StepResult> {
  const start = performance.now();
  const batches = httpProbeBatches(target, step.checks);
  const results = await Promise.all(
    step.checks.map((check) => timed(target, check, batches.get(check))),
  );
  return {
    step: step.id,
    title: step.title,
    passed: results.every((r) => r.passed),
    results: results.map((r, i) => {
      const hint = chooseHint(step.checks[i]!.hint, step.hints, options.hintsShown ?? 0);
      return r.passed || !hint ? r : { ...r, hint };
    }),
    durationMs: Math.round(performance.now() - start),
  };
}
