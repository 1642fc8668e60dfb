import { describe, expect, it } from "vitest";
import {
  environmentBudget,
  environmentsPerHost,
  HOST_RESERVE,
  kubeletSystemReserved,
  LEARNER_MEMORY,
  MiB,
} from "./environment-budget.ts";

const GiB = 1024 * MiB;

describe("an environment's budget", () => {
  it("gives the control plane the learner's room only when it runs the learner's pods", () => {
    const alone = environmentBudget({ workers: 0, addons: [] });
    const withWorkers = environmentBudget({ workers: 2, addons: [] });
    expect(alone.controlPlane.podMemoryBytes - withWorkers.controlPlane.podMemoryBytes).toBe(
      LEARNER_MEMORY,
    );
    expect(withWorkers.worker.podMemoryBytes).toBeGreaterThan(LEARNER_MEMORY);
  });

  it("grows with add-ons on every node and with workers", () => {
    const plain = environmentBudget({ workers: 1, addons: [] });
    const addons = environmentBudget({ workers: 1, addons: ["loadbalancer", "ingress"] });
    expect(addons.worker.memoryBytes).toBeGreaterThan(plain.worker.memoryBytes);
    expect(addons.controlPlane.memoryBytes).toBeGreaterThan(plain.controlPlane.memoryBytes);
    expect(environmentBudget({ workers: 2, addons: [] }).worstCaseMemoryBytes).toBeGreaterThan(
      plain.worstCaseMemoryBytes,
    );
  });

  it("counts an add-on named twice once", () => {
    expect(environmentBudget({ workers: 1, addons: ["ingress", "ingress"] })).toEqual(
      environmentBudget({ workers: 1, addons: ["ingress"] }),
    );
  });

  it("leaves room for each node's own processes beside its pods", () => {
    const { controlPlane, worker } = environmentBudget({ workers: 1, addons: ["ingress"] });
    for (const node of [controlPlane, worker]) {
      expect(node.memoryBytes).toBeGreaterThan(node.podMemoryBytes);
      expect(node.pids).toBeGreaterThanOrEqual(1024);
      expect(node.cpus).toBeGreaterThan(0);
    }
  });

  it("holds the workstation's memory-backed home and /tmp inside its memory limit", () => {
    expect(environmentBudget({ workers: 0, addons: [] }).workstation.memoryBytes).toBe(640 * MiB);
  });

  it("has the kubelet reserve all of the host but the node's pod share", () => {
    const { worker } = environmentBudget({ workers: 1, addons: [] });
    expect(kubeletSystemReserved(24 * GiB, worker)).toBe(24 * GiB - worker.podMemoryBytes);
    // A host smaller than the share still leaves the node's processes their room.
    expect(kubeletSystemReserved(1 * GiB, worker)).toBe(256 * MiB);
  });

  it("says how many environments a 24 GiB host holds", () => {
    const w0 = environmentBudget({ workers: 0, addons: [] });
    expect(w0.worstCaseMemoryBytes).toBe((256 + 512 + 1024 + 640) * MiB);
    expect(environmentsPerHost(24 * GiB, w0.worstCaseMemoryBytes)).toBe(
      Math.floor((24 * GiB - HOST_RESERVE) / w0.worstCaseMemoryBytes),
    );
    expect(environmentsPerHost(1 * GiB, w0.worstCaseMemoryBytes)).toBe(0);
  });
});
