import { describe, expect, it } from "vitest";
import { chanceAllOnOne, countHolds, describeCount, judgeDistribution } from "./distribution.ts";

describe("distribution verdicts", () => {
  it("counts with min, max and exactly", () => {
    expect(countHolds(2, { min: 2 })).toBe(true);
    expect(countHolds(1, { min: 2 })).toBe(false);
    expect(countHolds(1, { exactly: 1 })).toBe(true);
    expect(countHolds(3, { min: 1, max: 2 })).toBe(false);
    expect(describeCount({ min: 2 }, "pod")).toBe("at least 2 pods");
    expect(describeCount({ exactly: 1 }, "pod")).toBe("exactly 1 pod");
  });

  it("judges ClientIP affinity per entry node: a different pod per node is fine", () => {
    const verdict = judgeDistribution(
      [
        { entry: "node a", backends: Array(15).fill("kubia-1") },
        { entry: "node b", backends: Array(15).fill("kubia-2") },
      ],
      { exactly: 1 },
    );
    expect(verdict.passed).toBe(true);
  });

  it("fails affinity when one entry node spreads, naming it", () => {
    const verdict = judgeDistribution(
      [
        { entry: "node a", backends: Array(15).fill("kubia-1") },
        { entry: "node b", backends: ["kubia-1", "kubia-2", ...Array(13).fill("kubia-1")] },
      ],
      { exactly: 1 },
    );
    expect(verdict).toEqual({
      passed: false,
      observed: "15 requests through node b reached 2 pods (kubia-1, kubia-2)",
    });
  });

  it("fails spreading (None) when every request lands on one pod", () => {
    const verdict = judgeDistribution(
      [{ entry: "Service kubia", backends: Array(10).fill("kubia-1") }],
      { min: 2 },
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toContain("reached 1 pod (kubia-1)");
  });

  it("makes 'at least 2 of 3 pods in 10 requests' a safe rule", () => {
    expect(chanceAllOnOne(3, 10)).toBeLessThan(1e-4);
  });
});
