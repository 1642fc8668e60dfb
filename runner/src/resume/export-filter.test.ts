import { describe, expect, it } from "vitest";
import { keepForResume, setByRequest } from "./export-filter.ts";

type Json = Record<string, unknown>;

const meta = (name: string, extra: Json = {}) => ({
  name,
  namespace: "default",
  uid: "0b6f…",
  resourceVersion: "812",
  generation: 3,
  creationTimestamp: "2026-12-02T15:00:00Z",
  ...extra,
});

/** A Service as `kubectl apply` leaves it: ports and selector the learner's, IPs allocated. */
const service = (fields: Json = {}): Json => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: meta("kubia", {
    annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{…}" },
    managedFields: [
      {
        manager: "kubectl-client-side-apply",
        operation: "Update",
        fieldsV1: {
          "f:spec": {
            "f:type": {},
            "f:selector": {},
            "f:ports": { 'k:{"port":80,"protocol":"TCP"}': { "f:port": {}, "f:targetPort": {} } },
            ...fields,
          },
        },
      },
    ],
  }),
  spec: {
    type: "NodePort",
    clusterIP: "10.96.14.2",
    clusterIPs: ["10.96.14.2"],
    selector: { app: "kubia" },
    ports: [{ port: 80, targetPort: 8080, protocol: "TCP", nodePort: 31234 }],
  },
  status: { loadBalancer: {} },
});

const names = (objects: Json[]) =>
  objects.map((o) => `${String(o.kind)}/${String((o.metadata as Json).name)}`);

describe("keepForResume", () => {
  it("drops the server's bookkeeping and keeps the learner's fields and last-applied note", () => {
    const [kept] = keepForResume([service()]);
    expect(kept).toEqual({
      apiVersion: "v1",
      kind: "Service",
      metadata: {
        name: "kubia",
        namespace: "default",
        annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{…}" },
      },
      spec: {
        type: "NodePort",
        selector: { app: "kubia" },
        ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }],
      },
    });
  });

  it("keeps a nodePort and a clusterIP the learner set themselves", () => {
    const [kept] = keepForResume([
      service({
        "f:clusterIP": {},
        "f:ports": {
          'k:{"port":80,"protocol":"TCP"}': { "f:port": {}, "f:nodePort": {} },
        },
      }),
    ]);
    const spec = kept!.spec as Json;
    expect(spec.clusterIP).toBe("10.96.14.2");
    expect(spec.clusterIPs).toBeUndefined();
    expect((spec.ports as Json[])[0]!.nodePort).toBe(31234);
  });

  it("keeps a Deployment, not the ReplicaSets and Pods its controllers made", () => {
    const owned = (kind: string, name: string) => ({
      apiVersion: "v1",
      kind,
      metadata: meta(name, {
        ownerReferences: [{ kind: "ReplicaSet", name: "kubia-5d", controller: true, uid: "x" }],
      }),
      spec: {},
    });
    const kept = keepForResume([
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: meta("kubia", { annotations: { "deployment.kubernetes.io/revision": "2" } }),
        spec: { replicas: 3 },
        status: { readyReplicas: 3 },
      },
      owned("ReplicaSet", "kubia-5d"),
      owned("Pod", "kubia-5d-abcde"),
    ]);
    expect(names(kept)).toEqual(["Deployment/kubia"]);
    expect(kept[0]!.metadata).toEqual({ name: "kubia", namespace: "default" });
    expect(kept[0]!.status).toBeUndefined();
  });

  it("leaves what every namespace has and what controllers keep for Services", () => {
    const kept = keepForResume([
      { apiVersion: "v1", kind: "ServiceAccount", metadata: meta("default") },
      { apiVersion: "v1", kind: "ServiceAccount", metadata: meta("builder") },
      { apiVersion: "v1", kind: "ConfigMap", metadata: meta("kube-root-ca.crt") },
      { apiVersion: "v1", kind: "Service", metadata: meta("kubernetes"), spec: {} },
      { apiVersion: "v1", kind: "Event", metadata: meta("kubia.1879") },
      // The API server's own endpoints for Service `kubernetes`.
      { apiVersion: "v1", kind: "Endpoints", metadata: meta("kubernetes"), subsets: [] },
      {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: meta("kubernetes", { labels: { "kubernetes.io/service-name": "kubernetes" } }),
      },
      service(),
      // The endpoints controller's copy for the selector Service above.
      { apiVersion: "v1", kind: "Endpoints", metadata: meta("kubia"), subsets: [] },
      // Hand-made, for a Service without a selector: the learner's.
      { apiVersion: "v1", kind: "Endpoints", metadata: meta("external"), subsets: [] },
      {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: meta("external-abc", {
          labels: {
            "kubernetes.io/service-name": "external",
            "endpointslice.kubernetes.io/managed-by": "endpointslicemirroring-controller.k8s.io",
          },
        }),
      },
      {
        apiVersion: "v1",
        kind: "Secret",
        type: "kubernetes.io/service-account-token",
        metadata: meta("builder-token"),
      },
    ]);
    expect(names(kept)).toEqual(["ServiceAccount/builder", "Service/kubia", "Endpoints/external"]);
  });

  it("lets a bare Pod be scheduled afresh, with the fresh cluster's token volume", () => {
    const [pod] = keepForResume([
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: meta("probe", {
          managedFields: [{ fieldsV1: { "f:spec": { "f:containers": {} } } }],
        }),
        spec: {
          nodeName: "k1-worker",
          containers: [
            {
              name: "probe",
              image: "kindling/probe",
              volumeMounts: [
                { name: "data", mountPath: "/data" },
                { name: "kube-api-access-x7q2", mountPath: "/var/run/secrets" },
              ],
            },
          ],
          volumes: [
            { name: "data", emptyDir: {} },
            { name: "kube-api-access-x7q2", projected: {} },
          ],
        },
      },
    ]);
    const spec = pod!.spec as { nodeName?: string; volumes: Json[]; containers: Json[] };
    expect(spec.nodeName).toBeUndefined();
    expect(spec.volumes).toEqual([{ name: "data", emptyDir: {} }]);
    expect(spec.containers[0]!.volumeMounts).toEqual([{ name: "data", mountPath: "/data" }]);
  });

  it("gives a Job back its own selector to generate, and applies accounts before workloads", () => {
    const kept = keepForResume([
      {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: meta("once"),
        spec: {
          selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "u" } },
          template: {
            metadata: {
              labels: { "batch.kubernetes.io/controller-uid": "u", "job-name": "once", app: "x" },
            },
          },
        },
      },
      { apiVersion: "v1", kind: "ConfigMap", metadata: meta("settings"), data: { a: "1" } },
    ]);
    expect(names(kept)).toEqual(["ConfigMap/settings", "Job/once"]);
    const spec = kept[1]!.spec as { selector?: unknown; template: { metadata: { labels: Json } } };
    expect(spec.selector).toBeUndefined();
    expect(spec.template.metadata.labels).toEqual({ app: "x" });
  });

  it("does not keep objects on their way out", () => {
    expect(
      keepForResume([
        { apiVersion: "v1", kind: "ConfigMap", metadata: meta("old", { deletionTimestamp: "t" }) },
      ]),
    ).toEqual([]);
  });
});

describe("setByRequest", () => {
  it("reads a field path out of any managedFields entry", () => {
    const metadata = { managedFields: [{ fieldsV1: { "f:spec": { "f:clusterIP": {} } } }] };
    expect(setByRequest(metadata, ["spec", "clusterIP"])).toBe(true);
    expect(setByRequest(metadata, ["spec", "nodeName"])).toBe(false);
    expect(setByRequest({}, ["spec", "clusterIP"])).toBe(false);
  });
});
