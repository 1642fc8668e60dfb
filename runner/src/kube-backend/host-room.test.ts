import type { V1Node, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { environmentBudget, MiB } from "../cluster/environment-budget.ts";
import { CLUSTER_LABEL } from "../cluster/labels.ts";
import { nodePod } from "./environment-objects.ts";
import {
  chooseHostNode,
  environmentRequest,
  memoryBytes,
  mostFreeMemory,
  roomProblem,
  stayingPods,
} from "./host-room.ts";

const node = (name: string, memory: string, extra: Partial<V1Node["spec"]> = {}): V1Node => ({
  metadata: { name },
  spec: { ...extra },
  status: { allocatable: { memory }, conditions: [{ type: "Ready", status: "True" }] },
});

const pod = (nodeName: string, memory: string, phase = "Running"): V1Pod => ({
  spec: { nodeName, containers: [{ name: "c", resources: { requests: { memory } } }] },
  status: { phase },
});

const budget1 = environmentBudget({ workers: 1, addons: [] });

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

  it("chooses the node with the most memory free, and names the problem when none has room", () => {
    const nodes = [node("a", "4Gi"), node("b", "4Gi"), node("c", "4Gi")];
    const pods = [pod("a", "1Gi"), pod("b", "3Gi")];
    expect(chooseHostNode(nodes, pods, 2048 * MiB)).toEqual({ hostNode: "c" });
    expect(chooseHostNode(nodes, [...pods, pod("c", "2Gi")], 2048 * MiB)).toEqual({
      hostNode: "a",
    });
    expect(chooseHostNode(nodes, pods, 8192 * MiB)).toEqual({
      problem: expect.stringMatching(/needs 8192 MiB .* the most any has free is 4096 MiB/),
    });
  });

  it("counts a pod pinned to a node before the scheduler has placed it", () => {
    const pinned = nodePod("e1", "e1-control-plane", "control-plane", "img", budget1, "a");
    pinned.spec!.containers[0]!.resources = { requests: { memory: "3Gi" } };
    const nodes = [node("a", "4Gi"), node("b", "2Gi")];
    expect(chooseHostNode(nodes, [pinned], 1536 * MiB)).toEqual({ hostNode: "b" });
  });

  it("holds a planned environment's memory on its node, counting its own pods once", () => {
    const nodes = [node("a", "4Gi"), node("b", "4Gi")];
    const plan = { environment: "e1", hostNode: "a", bytes: 3 * 1024 * MiB };
    // Two environments starting at once: the second goes where the first is not.
    expect(chooseHostNode(nodes, [], 3072 * MiB, [plan])).toEqual({ hostNode: "b" });
    // The first's pods, once made, are part of its plan and not counted again.
    const made = { ...pod("a", "3Gi"), metadata: { labels: { [CLUSTER_LABEL]: "e1" } } };
    expect(mostFreeMemory(nodes, [made], [plan])).toBe(4 * 1024 * MiB);
    expect(mostFreeMemory([node("a", "4Gi")], [made], [plan])).toBe(1024 * MiB);
    expect(roomProblem([node("a", "4Gi")], [], 2048 * MiB, [plan])).toMatch(/no room/);
  });

  it("tells the pods that stay from those of ending environments", () => {
    const inNamespace = (namespace: string, deleting = false): V1Pod => ({
      ...pod("a", "1Gi"),
      metadata: { namespace, ...(deleting ? { deletionTimestamp: new Date() } : {}) },
    });
    const namespaces = [
      { metadata: { name: "live" } },
      { metadata: { name: "ended", deletionTimestamp: new Date() } },
    ];
    const kept = inNamespace("live");
    expect(
      stayingPods([kept, inNamespace("live", true), inNamespace("ended")], namespaces),
    ).toEqual([kept]);
  });
});
