// The verdict rule shared by `lab grade`, `lab test`'s known-wrong answers and (through
// settle.ts) the Check button: every check answers once; a right answer passes at once, and
// a wrong one fails at once when the namespace is at rest. Only while something can still
// change (pods starting, a rollout, a Service kube-proxy has not caught up with, a
// load-balancer address to come) are the failing checks graded again, until they pass, the
// namespace comes to rest or the step's longest timeout ends. The result says what it
// waited for, so a slow verdict explains itself.
import type { LabStep } from "../lab-format/lab-format.ts";
import type { StepResult } from "./check-result.ts";
import { type GradeOptions, gradeStep } from "./grade-step.ts";
import type { GradingTarget } from "./grading-target.ts";
import { settling, withoutRetries } from "./settle.ts";

const PAUSE_MS = 1000;

type GradedStep = Pick<LabStep, "id" | "title" | "checks" | "hints">;

export interface AtRestOptions extends GradeOptions {
  /** The longest wait; by default the step's longest check timeout. */
  boundMs?: number;
  /** Called with each new reason to wait (e.g. for a log line). */
  onWait?: (reason: string) => void;
}

export async function gradeAtRest(
  target: GradingTarget,
  step: GradedStep,
  options: AtRestOptions = {},
): Promise<StepResult> {
  const started = performance.now();
  const bound = options.boundMs ?? Math.max(0, ...step.checks.map((c) => c.timeoutSeconds)) * 1000;
  const deadline = Date.now() + bound;
  const once = (checks: GradedStep["checks"]) =>
    gradeStep(target, { ...step, checks: checks.map(withoutRetries) }, options);
  let graded = await once(step.checks);
  const waited: string[] = [];
  let cameToRest = false;
  while (!graded.passed && !cameToRest) {
    const reason = await settling(target);
    if (!reason) {
      if (waited.length === 0) break;
      // It moved while we waited: grade once more on the state at rest.
      cameToRest = true;
    } else {
      if (!waited.includes(reason)) {
        waited.push(reason);
        options.onWait?.(reason);
      }
      if (Date.now() + PAUSE_MS > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
    const failing = step.checks.filter((c) => !graded.results.find((r) => r.id === c.id)?.passed);
    const again = new Map((await once(failing)).results.map((r) => [r.id, r]));
    const results = graded.results.map((r) => again.get(r.id) ?? r);
    graded = { ...graded, results, passed: results.every((r) => r.passed) };
  }
  return {
    ...graded,
    ...(waited.length > 0 ? { waitedFor: waited } : {}),
    durationMs: Math.round(performance.now() - started),
  };
}
