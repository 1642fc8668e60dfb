import { describe, expect, it } from "vitest";
import { timeLeft } from "./time-left";

const now = Date.parse("2026-01-01T10:00:00Z");

describe("timeLeft", () => {
  it("formats minutes and seconds, with hours when there are any", () => {
    expect(timeLeft("2026-01-01T10:42:05Z", now)).toEqual({ text: "42:05 left", warn: false });
    expect(timeLeft("2026-01-01T11:02:03Z", now)).toEqual({ text: "1:02:03 left", warn: false });
  });

  it("warns in the last five minutes and when time is up", () => {
    expect(timeLeft("2026-01-01T10:04:59Z", now)?.warn).toBe(true);
    expect(timeLeft("2026-01-01T09:59:00Z", now)).toEqual({ text: "time is up", warn: true });
  });

  it("shows nothing without a valid expiry", () => {
    expect(timeLeft(undefined, now)).toBeNull();
    expect(timeLeft("soon", now)).toBeNull();
  });
});
