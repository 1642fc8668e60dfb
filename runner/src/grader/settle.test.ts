import { describe, expect, it } from "vitest";
import { podsInMotion } from "./settle.ts";

const pod = (
  phase: string,
  containers: { ready: boolean; waiting?: string }[] = [],
  deleting = false,
) => ({
  metadata: deleting ? { deletionTimestamp: "2026-11-24T08:00:00Z" } : {},
  status: {
    phase,
    containerStatuses: containers.map((c) => ({
      ready: c.ready,
      state: c.waiting ? { waiting: { reason: c.waiting } } : {},
    })),
  },
});

describe("podsInMotion", () => {
  it("counts pods being created, started or deleted", () => {
    expect(
      podsInMotion({
        items: [
          pod("Pending"),
          pod("Pending", [{ ready: false, waiting: "ContainerCreating" }]),
          pod("Running", [{ ready: false }]),
          pod("Running", [{ ready: true }], true),
        ],
      }),
    ).toBe(4);
  });

  it("calls ready, finished and stuck pods at rest", () => {
    expect(
      podsInMotion({
        items: [
          pod("Running", [{ ready: true }]),
          pod("Succeeded"),
          pod("Pending", [{ ready: false, waiting: "ImagePullBackOff" }]),
          pod("Running", [{ ready: false, waiting: "CrashLoopBackOff" }]),
        ],
      }),
    ).toBe(0);
  });
});
