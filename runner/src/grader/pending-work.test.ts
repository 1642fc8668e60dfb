import { describe, expect, it } from "vitest";
import { type NamespaceObject, pendingReason } from "./pending-work.ts";

const now = Date.parse("2026-03-01T12:00:00Z");
const ago = (ms: number) => new Date(now - ms).toISOString();

const settledDeployment: NamespaceObject = {
  kind: "Deployment",
  metadata: { name: "kubia", creationTimestamp: ago(600_000), generation: 2 },
  spec: { replicas: 3 },
  status: { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3 },
};
const readyPod: NamespaceObject = {
  kind: "Pod",
  metadata: { name: "kubia-1", creationTimestamp: ago(600_000) },
  status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
};

describe("pendingReason", () => {
  it("finds nothing pending in a settled namespace", () => {
    expect(pendingReason([settledDeployment, readyPod], now)).toBeUndefined();
  });

  it("sees a Service applied a moment ago, by creation or by a later update", () => {
    const service = { kind: "Service", metadata: { name: "web", creationTimestamp: ago(3000) } };
    expect(pendingReason([service], now)).toBe("Service web changed a moment ago");
    const updated = {
      kind: "Service",
      metadata: {
        name: "web",
        creationTimestamp: ago(600_000),
        managedFields: [{ time: ago(600_000) }, { time: ago(2000) }],
      },
    };
    expect(pendingReason([updated], now)).toBe("Service web changed a moment ago");
  });

  it("sees a rollout in progress, but not one that gave up", () => {
    const scaling = { ...settledDeployment, spec: { replicas: 1 } };
    expect(pendingReason([scaling], now)).toBe("Deployment kubia is rolling out");
    const stalled = {
      ...scaling,
      status: {
        ...scaling.status,
        conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }],
      },
    };
    expect(pendingReason([stalled], now)).toBeUndefined();
  });

  it("waits for a young pod to start, a terminating one to go, but not for a stuck one", () => {
    const young = {
      ...readyPod,
      metadata: { name: "p", creationTimestamp: ago(30_000) },
      status: {},
    };
    expect(pendingReason([young], now)).toBe("Pod p is starting");
    const stuck = { ...young, metadata: { name: "p", creationTimestamp: ago(300_000) } };
    expect(pendingReason([stuck], now)).toBeUndefined();
    const going = { ...readyPod, metadata: { ...readyPod.metadata, deletionTimestamp: ago(1000) } };
    expect(pendingReason([going], now)).toBe("Pod kubia-1 is being deleted");
  });

  it("does not wait for a pod that waiting cannot fix, nor for its Deployment", () => {
    const pulling = {
      kind: "Pod",
      metadata: { name: "p", creationTimestamp: ago(20_000) },
      status: {
        phase: "Pending",
        containerStatuses: [{ ready: false, state: { waiting: { reason: "ImagePullBackOff" } } }],
      },
    };
    expect(pendingReason([pulling], now)).toBeUndefined();
    const creating = {
      ...pulling,
      status: {
        phase: "Pending",
        containerStatuses: [{ state: { waiting: { reason: "ContainerCreating" } } }],
      },
    };
    expect(pendingReason([creating], now)).toBe("Pod p is starting");
    const unready = {
      ...settledDeployment,
      status: { ...settledDeployment.status, readyReplicas: 0 },
    };
    expect(pendingReason([unready, pulling], now)).toBeUndefined();
  });

  it("waits for any object changed a few seconds ago", () => {
    const young = {
      ...settledDeployment,
      metadata: { ...settledDeployment.metadata, creationTimestamp: ago(1000) },
    };
    expect(pendingReason([young], now)).toBe("Deployment kubia changed a moment ago");
    const older = { ...young, metadata: { ...young.metadata, creationTimestamp: ago(5000) } };
    expect(pendingReason([older], now)).toBeUndefined();
  });

  it("waits a bounded while for a load-balancer or Ingress address", () => {
    const lb = (age: number, ingress: unknown[] = []) => ({
      kind: "Service",
      metadata: { name: "lb", creationTimestamp: ago(age) },
      spec: { type: "LoadBalancer" },
      status: { loadBalancer: { ingress } },
    });
    expect(pendingReason([lb(20_000)], now)).toBe(
      "Service lb is waiting for its load-balancer address",
    );
    expect(pendingReason([lb(20_000, [{ ip: "192.0.2.10" }])], now)).toBeUndefined();
    expect(pendingReason([lb(300_000)], now)).toBeUndefined();
  });

  it("waits for an Ingress address only where the controller publishes addresses", () => {
    const ingress = (name: string, age: number, ingress: unknown[] = []) => ({
      kind: "Ingress",
      metadata: { name, creationTimestamp: ago(age) },
      status: { loadBalancer: { ingress } },
    });
    // Traefik as Kindling runs it leaves every Ingress without an address.
    expect(pendingReason([ingress("web", 20_000), ingress("api", 20_000)], now)).toBeUndefined();
    const published = ingress("api", 20_000, [{ ip: "192.0.2.20" }]);
    expect(pendingReason([published, ingress("web", 20_000)], now)).toBe(
      "Ingress web is waiting for its address",
    );
    expect(pendingReason([published, ingress("web", 300_000)], now)).toBeUndefined();
  });

  it("gives a changed Ingress time to reach the controller", () => {
    const ingress = { kind: "Ingress", metadata: { name: "web", creationTimestamp: ago(5_000) } };
    expect(pendingReason([ingress], now)).toBe("Ingress web changed a moment ago");
    const older = { ...ingress, metadata: { ...ingress.metadata, creationTimestamp: ago(11_000) } };
    expect(pendingReason([older], now)).toBeUndefined();
  });

  it("waits for an EndpointSlice to drop a pod that is shutting down", () => {
    const slice = {
      kind: "EndpointSlice",
      metadata: { name: "web-abc", creationTimestamp: ago(600_000) },
      endpoints: [{ conditions: { ready: false, terminating: true } }],
    };
    expect(pendingReason([slice], now)).toBe(
      "EndpointSlice web-abc still lists a pod that is shutting down",
    );
  });
});
