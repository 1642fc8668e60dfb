// Which steps a learner may open. A gated step with checks holds back every step after it
// until it passes; an ungated step, or one without checks, never holds anything back.
// Pure, so the server (which enforces it) and the player (which shows locks) agree.

export interface StepGate {
  gated: boolean;
  hasChecks: boolean;
  completed: boolean;
}

/** Index of the furthest step the learner may open. */
export function furthestOpenStep(steps: readonly StepGate[]): number {
  for (let i = 0; i < steps.length - 1; i += 1) {
    const step = steps[i]!;
    if (step.gated && step.hasChecks && !step.completed) return i;
  }
  return Math.max(0, steps.length - 1);
}

export function canOpenStep(steps: readonly StepGate[], index: number): boolean {
  return Number.isInteger(index) && index >= 0 && index <= furthestOpenStep(steps);
}

/** The step that blocks `index`, for a message such as "pass step 2 first". */
export function blockingStep(steps: readonly StepGate[], index: number): number | undefined {
  const furthest = furthestOpenStep(steps);
  return index > furthest ? furthest : undefined;
}
