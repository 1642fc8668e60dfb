// What a check reports. `expected`/`observed` are for the learner, in plain words;
// `diagnostics` are for the author (diffs, events, describe output) and never shown as the
// hint, which comes from the step's list of hints and gives nothing away.
import type { CheckKind } from "../lab-format/check-format.ts";

export interface CheckResult {
  id: string;
  kind: CheckKind;
  passed: boolean;
  description: string;
  expected: string;
  observed: string;
  hint?: string;
  diagnostics?: string;
  /** Set when the check could not run at all here (e.g. no workstation with --kubeconfig). */
  skipped?: string;
  durationMs: number;
}

/** What a check function returns; the step grader adds id, kind, hint and timing. */
export type Verdict = Pick<
  CheckResult,
  "passed" | "expected" | "observed" | "diagnostics" | "skipped"
> & {
  /**
   * The attempt saw nothing of the learner's answer (the probe pod did not start or its
   * output was lost): a retry must not let it replace a verdict that did see something.
   */
  inconclusive?: boolean;
};

export interface StepResult {
  step: string;
  title: string;
  passed: boolean;
  results: CheckResult[];
  durationMs: number;
  /** What the grader waited for before its verdict (grade-at-rest.ts); absent when nothing. */
  waitedFor?: string[];
}

/** The text a known-wrong answer's `message` fragment is looked for in. */
export function learnerText(result: CheckResult): string {
  return `${result.expected}\n${result.observed}`;
}
