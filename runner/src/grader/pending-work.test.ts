import { describe, expect, it } from "vitest";
import { type NamespaceObject, pendingReason, routingChanged } from "./pending-work.ts";

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

  it("waits for a Service change only until kube-proxy has synced after it", () => {
    const service = { kind: "Service", metadata: { name: "web", creationTimestamp: ago(5000) } };
    expect(routingChanged([service], now)).toBe(true);
    // Unknown proxies: the fixed while.
    expect(pendingReason([service], now)).toBe("Service web changed a moment ago");
    // Every proxy synced 2 s after the (whole-second) stamp: programmed.
    expect(pendingReason([service], now, now - 3000)).toBeUndefined();
    // A sync within the stamp's second may have missed it.
    expect(pendingReason([service], now, now - 4500)).toBe("Service web changed a moment ago");
    // However early the proxies are, a change this fresh still waits the short while.
    const fresh = { ...service, metadata: { name: "web", creationTimestamp: ago(1000) } };
    expect(pendingReason([fresh], now, now)).toBe("Service web changed a moment ago");
    const old = { ...service, metadata: { name: "web", creationTimestamp: ago(60_000) } };
    expect(routingChanged([old, settledDeployment], now)).toBe(false);
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
    // kube-proxy's word covers Services, not what the ingress controller has loaded.
    expect(pendingReason([ingress], now, now)).toBe("Ingress web changed a moment ago");
  });

  it("does not wait for a pod a readiness probe took out, but for one still starting", () => {
    const unready = (readyChanged: number, started: number) => ({
      kind: "Pod",
      metadata: { name: "web-1", creationTimestamp: ago(60_000) },
      status: {
        phase: "Running",
        conditions: [{ type: "Ready", status: "False", lastTransitionTime: ago(readyChanged) }],
        containerStatuses: [{ ready: false, state: { running: { startedAt: ago(started) } } }],
      },
    });
    // Ready went False 20 s after the container started: it was ready, then taken out.
    expect(pendingReason([unready(30_000, 50_000)], now)).toBeUndefined();
    // Not ready since it was created: its probe may still pass for the first time.
    expect(pendingReason([unready(59_000, 50_000)], now)).toBe("Pod web-1 is starting");
    // Its container restarted after it was taken out: starting again.
    expect(pendingReason([unready(30_000, 10_000)], now)).toBe("Pod web-1 is starting");
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
