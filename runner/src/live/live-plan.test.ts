import { describe, expect, it } from "vitest";
import { checkSchema, type Check } from "../lab-format/check-format.ts";
import { runsLive, timeToRecheckMs, watchedResources } from "./live-plan.ts";

const check = (raw: Record<string, unknown>): Check => checkSchema.parse(raw);

const serviceShape = check({
  id: "service-shape",
  kind: "resource",
  description: "Service kubia exposes port 80",
  resource: { apiVersion: "v1", kind: "Service", name: "kubia" },
  expect: { spec: { ports: [{ port: 80 }] } },
});
const endpoints = check({
  id: "service-endpoints",
  kind: "resource",
  description: "Service kubia has three ready endpoints",
  resource: { apiVersion: "v1", kind: "Service", name: "kubia", namespace: "default" },
  endpoints: { ready: { min: 3 } },
});
const deployment = check({
  id: "three-ready-pods",
  kind: "resource",
  description: "Deployment kubia has three ready replicas",
  resource: { apiVersion: "apps/v1", kind: "Deployment", name: "kubia", namespace: "shop" },
  expect: { status: { readyReplicas: 3 } },
});
const running = check({
  id: "pod-stays-up",
  kind: "resource",
  description: "Pod kubia-manual keeps running",
  resource: { apiVersion: "v1", kind: "Pod", name: "kubia-manual" },
  runningForSeconds: 5,
});
const traffic = check({
  id: "spreads-over-pods",
  kind: "http",
  description: "Service kubia spreads requests",
  from: "pod",
  target: { service: { name: "kubia", port: 80 } },
  expect: { status: 200 },
});
const command = check({
  id: "tls-answers",
  kind: "command",
  description: "https://localhost:8443 answers",
  from: "workstation",
  run: "curl -sk https://localhost:8443",
  expect: { exitCode: 0 },
  message: "nothing answers TLS on localhost:8443",
});

describe("which checks run live", () => {
  it("runs resource checks live and leaves traffic and commands to Check", () => {
    expect([serviceShape, endpoints, running, traffic, command].map(runsLive)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it("follows each resource check's type in its namespace, once", () => {
    expect(watchedResources([serviceShape, deployment, traffic, command])).toEqual([
      { type: "Service", namespace: "default" },
      { type: "Deployment.v1.apps", namespace: "shop" },
    ]);
  });

  it("follows what a Service's endpoints are made of when a check counts them", () => {
    expect(watchedResources([serviceShape, endpoints])).toEqual([
      { type: "Service", namespace: "default" },
      { type: "endpointslices.discovery.k8s.io", namespace: "default" },
      { type: "endpoints", namespace: "default" },
      { type: "pods", namespace: "default" },
    ]);
    expect(watchedResources([traffic, command])).toEqual([]);
  });

  it("looks again after runningForSeconds only while such a check fails", () => {
    const checks = [serviceShape, running];
    expect(timeToRecheckMs(checks, new Set(["pod-stays-up"]))).toBe(5500);
    expect(timeToRecheckMs(checks, new Set(["service-shape"]))).toBe(0);
    expect(timeToRecheckMs(checks, new Set())).toBe(0);
  });
});
