import type { V1Node, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { environmentBudget, MiB } from "../cluster/environment-budget.ts";
import { environmentRequest, memoryBytes, mostFreeMemory, roomProblem } from "./host-room.ts";

const node = (name: string, memory: string, extra: Partial<V1Node["spec"]> = {}): V1Node => ({
  metadata: { name },
  spec: { ...extra },
  status: { allocatable: { memory }, conditions: [{ type: "Ready", status: "True" }] },
});

const pod = (nodeName: string, memory: string, phase = "Running"): V1Pod => ({
  spec: { nodeName, containers: [{ name: "c", resources: { requests: { memory } } }] },
  status: { phase },
});

describe("room on the host cluster", () => {
  it("reads memory quantities in their binary and decimal units", () => {
    expect(memoryBytes("4718592Ki")).toBe(4608 * MiB);
    expect(memoryBytes("512Mi")).toBe(512 * MiB);
    expect(memoryBytes("1073741824")).toBe(1024 * MiB);
    expect(memoryBytes("1G")).toBe(1e9);
    expect(() => memoryBytes("lots")).toThrow(/unexpected memory quantity/);
  });

  it("asks one node for every pod of an environment, more with each worker", () => {
    const alone = environmentRequest(0, environmentBudget({ workers: 0, addons: [] }));
    const two = environmentRequest(1, environmentBudget({ workers: 1, addons: [] }));
    expect(alone).toBeGreaterThan(512 * MiB);
    expect(two).toBeGreaterThan(alone);
  });

  it("counts what running pods request, and not finished ones", () => {
    const nodes = [node("a", "4Gi"), node("b", "4Gi")];
    const pods = [pod("a", "3Gi"), pod("b", "1Gi"), pod("b", "2Gi", "Succeeded")];
    expect(mostFreeMemory(nodes, pods)).toBe(3 * 1024 * MiB);
  });

  it("leaves out nodes that are cordoned, tainted or not Ready", () => {
    const nodes = [
      node("cordoned", "8Gi", { unschedulable: true }),
      node("tainted", "8Gi", { taints: [{ key: "x", effect: "NoSchedule" }] }),
      { ...node("down", "8Gi"), status: { allocatable: { memory: "8Gi" }, conditions: [] } },
      node("open", "1Gi"),
    ];
    expect(mostFreeMemory(nodes, [])).toBe(1024 * MiB);
  });

  it("names what is needed and what is free when no node has room", () => {
    const nodes = [node("a", "4Gi")];
    expect(roomProblem(nodes, [pod("a", "1Gi")], 2048 * MiB)).toBeUndefined();
    expect(roomProblem(nodes, [pod("a", "3Gi")], 2048 * MiB)).toBe(
      "the host cluster has no room for this lab's environment now: it needs 2048 MiB of memory " +
        "on one host node, and the most any has free is 1024 MiB; try again in a few minutes",
    );
  });
});
