import { describe, expect, it } from "vitest";
import { expiryOf, extendedDeadline, minutesToLimits, phaseAt } from "./session-expiry.ts";

const limits = minutesToLimits({ session: 60, max: 90, idle: 20, warning: 5, extend: 30 });
const min = 60_000;
const session = { createdAt: 0, lastActivityAt: 0, deadlineAt: 60 * min };

describe("session expiry", () => {
  it("expires for idleness before the time limit when nobody types", () => {
    expect(expiryOf(session, limits)).toEqual({ at: 20 * min, because: "idle" });
  });

  it("expires at the time limit when the learner keeps working", () => {
    expect(expiryOf({ ...session, lastActivityAt: 55 * min }, limits)).toEqual({
      at: 60 * min,
      because: "time-limit",
    });
  });

  it("warns in the last minutes, then expires", () => {
    expect(phaseAt(session, 14 * min, limits)).toBe("active");
    expect(phaseAt(session, 15 * min, limits)).toBe("warning");
    expect(phaseAt(session, 20 * min, limits)).toBe("expired");
  });

  it("extends from the later of now and the deadline, capped at the maximum length", () => {
    expect(extendedDeadline(session, 10 * min, limits)).toBe(90 * min);
    expect(extendedDeadline({ ...session, deadlineAt: 20 * min }, 10 * min, limits)).toBe(50 * min);
    expect(extendedDeadline({ ...session, deadlineAt: 20 * min }, 40 * min, limits)).toBe(70 * min);
  });
});
