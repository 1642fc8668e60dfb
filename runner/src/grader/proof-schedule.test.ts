import { describe, expect, it } from "vitest";
import { loadLabs } from "../lab-format/lab-loader.ts";
import type { Lab } from "../lab-format/lab-format.ts";
import { proofOrder, proofWeight } from "./proof-schedule.ts";

describe("the order labs are proven in, several at once", () => {
  it("takes the heaviest proof first and keeps the given order between equals", async () => {
    const labs = (await loadLabs("labs")).flatMap((r) => (r.ok ? [r.lab] : []));
    const ordered = proofOrder(labs);
    expect(ordered).toHaveLength(labs.length);
    const weights = ordered.map(proofWeight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    const equal = labs.filter((l) => proofWeight(l) === weights.at(-1));
    expect(ordered.slice(-equal.length)).toEqual(equal);
  });

  it("weighs an answer to try as two cases", () => {
    const lab = (knownWrong: number) =>
      ({
        steps: [{ checks: [{}, {}] }],
        knownWrong: Array.from({ length: knownWrong }),
        alternatives: [],
      }) as unknown as Lab;
    expect(proofWeight(lab(0))).toBe(3);
    expect(proofWeight(lab(2))).toBe(7);
  });
});
