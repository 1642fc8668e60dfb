import { describe, expect, it } from "vitest";
import { blockingStep, canOpenStep, furthestOpenStep, type StepGate } from "./gating";

const step = (over: Partial<StepGate> = {}): StepGate => ({
  gated: true,
  hasChecks: true,
  completed: false,
  ...over,
});

describe("step gating", () => {
  it("opens only the first step while a gated step with checks is unpassed", () => {
    const steps = [step(), step(), step()];
    expect(furthestOpenStep(steps)).toBe(0);
    expect(canOpenStep(steps, 0)).toBe(true);
    expect(canOpenStep(steps, 1)).toBe(false);
    expect(blockingStep(steps, 2)).toBe(0);
  });

  it("opens the next step once a gated step passes", () => {
    const steps = [step({ completed: true }), step(), step()];
    expect(furthestOpenStep(steps)).toBe(1);
    expect(canOpenStep(steps, 2)).toBe(false);
  });

  it("never holds back behind an ungated step or a step without checks", () => {
    expect(furthestOpenStep([step({ gated: false }), step(), step()])).toBe(1);
    expect(furthestOpenStep([step({ hasChecks: false }), step({ hasChecks: false }), step()])).toBe(
      2,
    );
  });

  it("lets every step open when all gates passed, and rejects odd indexes", () => {
    const steps = [step({ completed: true }), step({ completed: true }), step()];
    expect(furthestOpenStep(steps)).toBe(2);
    expect(blockingStep(steps, 2)).toBeUndefined();
    expect(canOpenStep(steps, 3)).toBe(false);
    expect(canOpenStep(steps, -1)).toBe(false);
    expect(canOpenStep(steps, 0.5)).toBe(false);
    expect(furthestOpenStep([])).toBe(0);
  });
});
