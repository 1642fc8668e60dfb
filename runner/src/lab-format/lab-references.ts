// Rules across fields that a schema cannot express: unique ids, known-wrong answers that
// name a real step and real checks of it, and at least one proven alternative answer for
// every step with checks (a grader that knows one answer only fails the learner who
// writes another). Pure; the loader adds the file-system rules.
import type { LabMetadata } from "./lab-format.ts";

export interface FieldProblem {
  field: string;
  message: string;
}

export function checkLabReferences(lab: LabMetadata): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stepIndex = new Map<string, number>();
  lab.steps.forEach((step, i) => {
    const earlier = stepIndex.get(step.id);
    if (earlier !== undefined)
      problems.push({
        field: `steps[${i}].id`,
        message: `"${step.id}" is already the id of steps[${earlier}]`,
      });
    else stepIndex.set(step.id, i);

    const checkIndex = new Map<string, number>();
    step.checks.forEach((check, j) => {
      const first = checkIndex.get(check.id);
      if (first !== undefined)
        problems.push({
          field: `steps[${i}].checks[${j}].id`,
          message: `"${check.id}" is already the id of checks[${first}] in this step`,
        });
      else checkIndex.set(check.id, j);
    });
    // A step is proven by checks that fail before it and pass after; re-checks of earlier
    // steps alone would prove nothing about this one.
    if (step.checks.length > 0 && step.checks.every((c) => c.recheck))
      problems.push({
        field: `steps[${i}].checks`,
        message: "every check is a recheck: a step needs at least one check of its own",
      });
    // `kindling lab test` proves checks against the reference solution, so it must exist.
    if (step.checks.length > 0 && !step.solution)
      problems.push({
        field: `steps[${i}].solution`,
        message: "a step with checks needs a reference solution folder (e.g. solution/01)",
      });
  });

  const names = new Set<string>();
  lab.knownWrong.forEach((wrong, i) => {
    if (names.has(wrong.name))
      problems.push({
        field: `knownWrong[${i}].name`,
        message: `"${wrong.name}" is listed twice`,
      });
    names.add(wrong.name);
    const index = stepIndex.get(wrong.step);
    const step = index === undefined ? undefined : lab.steps[index];
    if (!step) {
      problems.push({
        field: `knownWrong[${i}].step`,
        message: `no step has the id "${wrong.step}" (steps: ${[...stepIndex.keys()].join(", ")})`,
      });
      return;
    }
    wrong.fails.forEach((fail, j) => {
      if (!step.checks.some((c) => c.id === fail.check))
        problems.push({
          field: `knownWrong[${i}].fails[${j}].check`,
          message: `step "${step.id}" has no check "${fail.check}" (checks: ${step.checks.map((c) => c.id).join(", ") || "none"})`,
        });
    });
  });
  problems.push(...checkAlternatives(lab, stepIndex));
  return problems;
}

function checkAlternatives(lab: LabMetadata, stepIndex: Map<string, number>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const names = new Set<string>();
  lab.alternatives.forEach((alternative, i) => {
    if (names.has(alternative.name))
      problems.push({
        field: `alternatives[${i}].name`,
        message: `"${alternative.name}" is listed twice`,
      });
    names.add(alternative.name);
    if (!stepIndex.has(alternative.step))
      problems.push({
        field: `alternatives[${i}].step`,
        message: `no step has the id "${alternative.step}" (steps: ${[...stepIndex.keys()].join(", ")})`,
      });
  });
  lab.steps.forEach((step, i) => {
    if (step.checks.length > 0 && !lab.alternatives.some((a) => a.step === step.id))
      problems.push({
        field: `steps[${i}]`,
        message: `step "${step.id}" has checks but no alternative answer (alternatives: [{ name, step: ${step.id}, why }] with a folder alternative/<name>/)`,
      });
  });
  return problems;
}
