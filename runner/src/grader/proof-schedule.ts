// The order `lab test` takes labs in when it proves several at once: longest first, so the
// last lab to start is a short one and no worker is left proving a long lab alone at the
// end (on two workers, the course order used to end on the ingress lab for ~9 minutes).
// A lab's length is estimated from what its proof does: every step, check, known-wrong
// answer and alternative is a case or part of one; answers count double, since each is
// applied, graded, removed and graded again.
import type { Lab } from "../lab-format/lab-format.ts";

export function proofWeight(lab: Lab): number {
  const checks = lab.steps.reduce((n, s) => n + s.checks.length, 0);
  return lab.steps.length + checks + 2 * (lab.knownWrong.length + lab.alternatives.length);
}

/** Heaviest first; labs of equal weight keep their given (course) order. */
export function proofOrder<T extends Lab>(labs: readonly T[]): T[] {
  return labs
    .map((lab, i) => ({ lab, i, weight: proofWeight(lab) }))
    .sort((a, b) => b.weight - a.weight || a.i - b.i)
    .map((x) => x.lab);
}
