import { describe, expect, it } from "vitest";
import type { Verdict } from "./check-result.ts";
import { untilPassed } from "./retry.ts";

const failing = (observed: string, inconclusive?: boolean): Verdict => ({
  passed: false,
  expected: "an answer",
  observed,
  ...(inconclusive ? { inconclusive } : {}),
});

/** Answers with each verdict in turn, then keeps giving the last one. */
function attempts(...verdicts: Verdict[]) {
  let i = 0;
  return async () => verdicts[Math.min(i++, verdicts.length - 1)]!;
}

describe("retrying a check", () => {
  it("stops at the first pass", async () => {
    const pass: Verdict = { passed: true, expected: "an answer", observed: "as expected" };
    expect(await untilPassed(5_000, attempts(failing("refused"), pass), 1)).toBe(pass);
  });

  it("gives the last attempt that saw the answer, not a probe that could not run", async () => {
    const verdict = await untilPassed(
      30,
      attempts(failing("timed out"), failing("refused"), failing("probe could not run", true)),
      1,
    );
    expect(verdict.observed).toBe("refused");
  });

  it("reports the probe's failure when no attempt saw anything", async () => {
    const verdict = await untilPassed(10, attempts(failing("probe could not run", true)), 1);
    expect(verdict.observed).toBe("probe could not run");
    expect(verdict.inconclusive).toBe(true);
  });
});
