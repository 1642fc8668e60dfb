import { describe, expect, it } from "vitest";
import { environmentMiB, planAutoPool, RESERVED_MIB } from "./pool-sizing.ts";

const catalogue = new Map([
  ["w0", 3],
  ["w1", 5],
  ["w1+loadbalancer", 2],
]);

describe("the automatic warm pool", () => {
  it("keeps one of each of the two most common topologies on a roomy host", () => {
    const plan = planAutoPool(catalogue, 22 * 1024, 4);
    expect([...plan.targets]).toEqual([
      ["w1", 1],
      ["w0", 1],
    ]);
    expect(plan.explanation).toContain("w1=1,w0=1");
    expect(plan.explanation).toContain("KINDLING_POOL=off");
  });

  it("holds only what fits beyond the reserve", () => {
    const justOne = RESERVED_MIB + environmentMiB("w1") + 100;
    expect([...planAutoPool(catalogue, justOne, 4).targets]).toEqual([["w1", 1]]);
  });

  it("is off on a host without room, and says why", () => {
    const plan = planAutoPool(catalogue, RESERVED_MIB, 4);
    expect(plan.targets.size).toBe(0);
    expect(plan.explanation).toMatch(/warm pool off/);
  });

  it("leaves one environment of the host's limit for sessions", () => {
    expect([...planAutoPool(catalogue, 64 * 1024, 2).targets]).toEqual([["w1", 1]]);
    expect(planAutoPool(catalogue, 64 * 1024, 1).targets.size).toBe(0);
  });

  it("doubles up on the one topology of a single-shape catalogue", () => {
    expect([...planAutoPool(new Map([["w0", 4]]), 22 * 1024, 4).targets]).toEqual([["w0", 2]]);
  });
});
