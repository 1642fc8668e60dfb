import { describe, expect, it } from "vitest";
import { notRunningLongEnough } from "./resource-check.ts";

const now = Date.parse("2026-11-24T12:00:00Z");
const pod = (state: object) => ({
  kind: "Pod",
  metadata: { name: "client" },
  status: { phase: "Running", containerStatuses: [{ name: "client", state }] },
});

describe("a pod that must keep running", () => {
  it("passes once every container has been running long enough", () => {
    expect(
      notRunningLongEnough(pod({ running: { startedAt: "2026-11-24T11:59:50Z" } }), 5, now),
    ).toBeUndefined();
  });

  it("fails a container caught in its first moment, which may be about to end", () => {
    expect(
      notRunningLongEnough(pod({ running: { startedAt: "2026-11-24T11:59:59Z" } }), 5, now),
    ).toMatch(/running for 1 s only/);
  });

  it("says that a container ended and how", () => {
    expect(
      notRunningLongEnough(pod({ terminated: { reason: "Completed", exitCode: 0 } }), 5, now),
    ).toBe(
      "container client is not running: it ended (Completed, exit code 0) — it needs a command that keeps running",
    );
  });

  it("says why a container has not started", () => {
    expect(notRunningLongEnough(pod({ waiting: { reason: "ImagePullBackOff" } }), 5, now)).toBe(
      "container client is not running (ImagePullBackOff)",
    );
    expect(notRunningLongEnough({ kind: "Pod", status: {} }, 5, now)).toBe(
      "no container has started yet",
    );
  });
});
