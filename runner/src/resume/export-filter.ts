// Which of a learner's live objects Resume keeps, and in what form. The rule: keep what the
// learner asked for, drop what the cluster made or filled in. So objects a controller owns
// (a Deployment's ReplicaSets and Pods, a Service's EndpointSlices) are left for the
// controllers of the fresh cluster to make again, and every kept object loses the server's
// bookkeeping (status, uid, resourceVersion, managedFields, owner references) and the
// values the cluster allocated (a Service's clusterIP and nodePorts, a Pod's node, a
// claim's volume), unless the learner's own request set them: managedFields says which.
import type { KeptObject } from "../protocol/resume-api.ts";
import { LEARNER_KINDS } from "../environment/learner-kinds.ts";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Kinds that record what happened, not what the learner wants. */
const NOT_WORK = new Set(["Event", "Lease"]);

/** Objects every namespace has (learner-kinds.ts `keep`), by kind. */
const CLUSTER_KEPT: Record<string, readonly string[]> = {
  Service: LEARNER_KINDS.find((k) => k.name === "services")?.keep ?? [],
  ConfigMap: LEARNER_KINDS.find((k) => k.name === "configmaps")?.keep ?? [],
  ServiceAccount: LEARNER_KINDS.find((k) => k.name === "serviceaccounts")?.keep ?? [],
};

/** Annotations the cluster writes; the fresh cluster writes its own. */
const SERVER_ANNOTATIONS = [
  /^deployment\.kubernetes\.io\//,
  /^pv\.kubernetes\.io\//,
  /^volume\.(beta\.)?kubernetes\.io\//,
  /^endpoints\.kubernetes\.io\/last-change-trigger-time$/,
  /^control-plane\.alpha\.kubernetes\.io\//,
];

/** Labels a Job's controller adds to its generated selector and pod template. */
const JOB_LABELS = ["controller-uid", "batch.kubernetes.io/controller-uid", "job-name"];

/**
 * The learner's work among a namespace's objects (each with its kind and apiVersion set),
 * cleaned for applying to a fresh cluster.
 */
export function keepForResume(objects: readonly Json[]): KeptObject[] {
  const selectedServices = new Set(
    objects
      .filter((o) => o.kind === "Service" && isObject(o.spec) && isObject(o.spec.selector))
      .map((o) => `${namespaceOf(o)}/${nameOf(o)}`),
  );
  return objects
    .filter((o) => isLearnersOwn(o, selectedServices))
    .map(cleaned)
    .sort((a, b) => restoreOrder(a) - restoreOrder(b));
}

function isLearnersOwn(object: Json, selectedServices: Set<string>): boolean {
  const kind = String(object.kind);
  const metadata = isObject(object.metadata) ? object.metadata : {};
  if (NOT_WORK.has(kind) || metadata.deletionTimestamp) return false;
  if (isClusterKept(kind, metadata.name)) return false;
  const owners = Array.isArray(metadata.ownerReferences) ? metadata.ownerReferences : [];
  if (owners.some((o) => isObject(o) && o.controller === true)) return false;
  if (kind === "Secret" && object.type === "kubernetes.io/service-account-token") return false;
  const labels = isObject(metadata.labels) ? metadata.labels : {};
  // The API server keeps the endpoints of its own Service (`kubernetes`) itself.
  const service = kind === "Endpoints" ? metadata.name : labels["kubernetes.io/service-name"];
  if ((kind === "Endpoints" || kind === "EndpointSlice") && isClusterKept("Service", service))
    return false;
  // The Endpoints of a Service with a selector are its controller's, not the learner's.
  if (kind === "Endpoints") {
    if (labels["endpoints.kubernetes.io/managed-by"] === "endpoint-controller") return false;
    if (selectedServices.has(`${namespaceOf(object)}/${nameOf(object)}`)) return false;
  }
  if (kind === "EndpointSlice") {
    const manager = labels["endpointslice.kubernetes.io/managed-by"];
    if (typeof manager === "string" && manager.endsWith(".k8s.io")) return false;
  }
  return true;
}

const isClusterKept = (kind: string, name: unknown) =>
  CLUSTER_KEPT[kind]?.includes(String(name)) ?? false;

function cleaned(object: Json): KeptObject {
  const { status: _status, ...rest } = object;
  const out = structuredClone(rest);
  const metadata = object.metadata as Json;
  out.metadata = cleanMetadata(metadata);
  const spec = isObject(out.spec) ? out.spec : undefined;
  if (!spec) return out;
  const set = (...path: string[]) => setByRequest(metadata, ["spec", ...path]);
  switch (object.kind) {
    case "Service":
      if (!set("clusterIP")) {
        delete spec.clusterIP;
        delete spec.clusterIPs;
      } else if (!set("clusterIPs")) delete spec.clusterIPs;
      if (!set("healthCheckNodePort")) delete spec.healthCheckNodePort;
      if (Array.isArray(spec.ports))
        for (const port of spec.ports.filter(isObject))
          if (!portFieldSet(metadata, port, "nodePort")) delete port.nodePort;
      break;
    case "Pod":
      if (!set("nodeName")) delete spec.nodeName;
      dropServiceAccountVolume(spec);
      break;
    case "PersistentVolumeClaim":
      if (!set("volumeName")) delete spec.volumeName;
      break;
    case "Job":
      if (spec.manualSelector !== true) {
        delete spec.selector;
        const template = isObject(spec.template) ? spec.template : {};
        const labels = isObject(template.metadata) ? (template.metadata.labels as Json) : undefined;
        if (isObject(labels)) for (const label of JOB_LABELS) delete labels[label];
      }
      break;
  }
  return out;
}

function cleanMetadata(metadata: Json): Json {
  const out: Json = { name: metadata.name };
  if (metadata.namespace) out.namespace = metadata.namespace;
  if (isObject(metadata.labels) && Object.keys(metadata.labels).length > 0)
    out.labels = { ...metadata.labels };
  if (isObject(metadata.annotations)) {
    const kept = Object.entries(metadata.annotations).filter(
      ([key]) => !SERVER_ANNOTATIONS.some((pattern) => pattern.test(key)),
    );
    if (kept.length > 0) out.annotations = Object.fromEntries(kept);
  }
  // Finalizers of Kubernetes' own controllers are added again by them.
  const finalizers = Array.isArray(metadata.finalizers)
    ? metadata.finalizers.filter((f) => typeof f === "string" && !f.includes("kubernetes.io/"))
    : [];
  if (finalizers.length > 0) out.finalizers = finalizers;
  return out;
}

/** Whether some request (not the server's defaulting or allocation) set the field. */
export function setByRequest(metadata: Json, path: readonly string[]): boolean {
  return fieldSets(metadata).some((fields) => {
    let at: unknown = fields;
    for (const part of path) {
      if (!isObject(at)) return false;
      at = at[`f:${part}`];
    }
    return at !== undefined;
  });
}

/** Whether a request set `field` of this Service port (list items keyed by port and protocol). */
function portFieldSet(metadata: Json, port: Json, field: string): boolean {
  const protocol = typeof port.protocol === "string" ? port.protocol : "TCP";
  return fieldSets(metadata).some((fields) => {
    const ports = (fields["f:spec"] as Json | undefined)?.["f:ports"];
    if (!isObject(ports)) return false;
    return Object.entries(ports).some(([key, value]) => {
      if (!key.startsWith("k:") || !isObject(value)) return false;
      try {
        const item = JSON.parse(key.slice(2)) as Json;
        return item.port === port.port && (item.protocol ?? "TCP") === protocol
          ? value[`f:${field}`] !== undefined
          : false;
      } catch {
        return false;
      }
    });
  });
}

function fieldSets(metadata: Json): Json[] {
  const entries = Array.isArray(metadata.managedFields) ? metadata.managedFields : [];
  return entries
    .filter(isObject)
    .map((entry) => entry.fieldsV1)
    .filter(isObject);
}

/** The token volume the ServiceAccount admission plugin adds; the fresh cluster adds its own. */
function dropServiceAccountVolume(spec: Json): void {
  const injected = (name: unknown) =>
    typeof name === "string" && name.startsWith("kube-api-access-");
  if (Array.isArray(spec.volumes))
    spec.volumes = spec.volumes.filter((v) => !(isObject(v) && injected(v.name)));
  for (const list of [spec.containers, spec.initContainers])
    if (Array.isArray(list))
      for (const container of list.filter(isObject))
        if (Array.isArray(container.volumeMounts))
          container.volumeMounts = container.volumeMounts.filter(
            (m) => !(isObject(m) && injected(m.name)),
          );
}

/** What others refer to goes first: accounts and configuration, then workloads, then routes. */
const ORDER = [
  "ServiceAccount",
  "ConfigMap",
  "Secret",
  "PersistentVolumeClaim",
  "Service",
  "Endpoints",
  "EndpointSlice",
];
function restoreOrder(object: KeptObject): number {
  const index = ORDER.indexOf(String(object.kind));
  return index < 0 ? ORDER.length : index;
}

const nameOf = (o: Json) => String((o.metadata as Json | undefined)?.name);
const namespaceOf = (o: Json) => String((o.metadata as Json | undefined)?.namespace ?? "");
