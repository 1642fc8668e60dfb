// Is the cluster still settling? Checks retry until their timeout to ride out a rollout or
// kube-proxy catching up; when nothing is in motion a failing check will not start passing
// by waiting, so graders answer at once instead. Pure judgement over the objects of the
// learner's namespace (read by one kubectl call in settle.ts).

/** A Service or EndpointSlice changed this recently may not have reached kube-proxy yet. */
export const SETTLE_MS = 10_000;
/**
 * Change times have whole seconds: a change stamped t happened before t + 1 s, and reached
 * every watcher well within another second. Proxies in sync this long after the stamp have
 * programmed it (proxy-sync.ts).
 */
export const STAMP_MS = 2_000;
/** Any object this young may still be picked up by its controller. */
export const YOUNG_MS = 3_000;
/** A pod not ready for longer than this is stuck (crash loop, bad image), not starting. */
export const STARTING_MS = 120_000;

/** Waiting reasons that no amount of waiting fixes: the pod is stuck, not starting. */
const STUCK = new Set([
  "CrashLoopBackOff",
  "ImagePullBackOff",
  "ErrImagePull",
  "ErrImageNeverPull",
  "InvalidImageName",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
]);

interface Meta {
  creationTimestamp?: string;
  deletionTimestamp?: string;
  generation?: number;
  managedFields?: { time?: string }[];
}

export interface NamespaceObject {
  kind?: string;
  metadata?: Meta & { name?: string };
  spec?: { replicas?: number; type?: string };
  status?: {
    phase?: string;
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: { type?: string; status?: string; reason?: string; lastTransitionTime?: string }[];
    containerStatuses?: {
      ready?: boolean;
      state?: { waiting?: { reason?: string }; running?: { startedAt?: string } };
    }[];
    loadBalancer?: { ingress?: unknown[] };
  };
  endpoints?: { conditions?: { ready?: boolean; terminating?: boolean } }[];
}

const time = (t: string | undefined) => (t ? Date.parse(t) : Number.NaN);

function lastChange(meta: Meta | undefined): number {
  const times = [meta?.creationTimestamp, ...(meta?.managedFields ?? []).map((f) => f.time)]
    .map(time)
    .filter((t) => !Number.isNaN(t));
  return times.length ? Math.max(...times) : Number.NaN;
}

function deploymentPending(o: NamespaceObject): boolean {
  const wanted = o.spec?.replicas ?? 1;
  const s = o.status ?? {};
  if (s.conditions?.some((c) => c.reason === "ProgressDeadlineExceeded")) return false;
  // Pods still to be created, replaced or removed. Pods that exist but are not ready are
  // judged one by one below: starting ones are pending, stuck ones are at rest.
  return (
    (s.observedGeneration ?? 0) < (o.metadata?.generation ?? 0) ||
    (s.updatedReplicas ?? 0) !== wanted ||
    (s.replicas ?? 0) !== wanted
  );
}

/**
 * A readiness probe took this pod out after it had been ready: its Ready condition turned
 * False after every container had started (a pod that never got ready last changed it when
 * it was created). Only a change to the pod, or to what its probe reads, brings it back;
 * waiting does not. A container that restarts since starts the clock again.
 */
function takenOutByProbe(s: NonNullable<NamespaceObject["status"]>): boolean {
  const ready = s.conditions?.find((c) => c.type === "Ready");
  const containers = s.containerStatuses ?? [];
  if (s.phase !== "Running" || ready?.status !== "False" || containers.length === 0) return false;
  const started = containers.map((c) => time(c.state?.running?.startedAt));
  if (started.some((t) => Number.isNaN(t))) return false;
  return time(ready.lastTransitionTime) > Math.max(...started);
}

function podPending(o: NamespaceObject, now: number): boolean {
  const s = o.status ?? {};
  if (s.phase === "Succeeded" || s.phase === "Failed") return false;
  if (s.conditions?.some((c) => c.type === "Ready" && c.status === "True")) return false;
  if (takenOutByProbe(s)) return false;
  if (now - time(o.metadata?.creationTimestamp) >= STARTING_MS) return false;
  const unschedulable = s.conditions?.some((c) => c.reason === "Unschedulable");
  const stuck = s.containerStatuses?.some((c) => STUCK.has(c.state?.waiting?.reason ?? ""));
  return !unschedulable && !stuck;
}

const addressed = (o: NamespaceObject) => (o.status?.loadBalancer?.ingress ?? []).length > 0;

/** Objects kube-proxy programs: it says when it has (proxy-sync.ts). */
const proxied = (o: NamespaceObject) => o.kind === "Service" || o.kind === "EndpointSlice";

/** Whether a Service or EndpointSlice changed so lately that kube-proxy may lag behind it. */
export function routingChanged(objects: NamespaceObject[], now: number): boolean {
  return objects.some((o) => proxied(o) && now - lastChange(o.metadata) < SETTLE_MS);
}

/**
 * Why the namespace is still settling, or undefined when nothing is pending. With
 * `proxiesSynced` (a moment by which kube-proxy on every node had programmed every change
 * it had received, proxy-sync.ts), a Service or EndpointSlice change the proxies have
 * programmed waits only as long as any other change.
 */
export function pendingReason(
  objects: NamespaceObject[],
  now: number,
  proxiesSynced?: number,
): string | undefined {
  // Kindling's Traefik answers on every node's ports and writes no address into Ingress
  // status, so an Ingress without one is the normal state there, not a pending one. An
  // address is waited for only where the namespace shows its controller publishes them.
  const ingressAddresses = objects.some((o) => o.kind === "Ingress" && addressed(o));
  for (const o of objects) {
    const name = `${o.kind ?? "object"} ${o.metadata?.name ?? ""}`.trim();
    if (o.metadata?.deletionTimestamp) return `${name} is being deleted`;
    const changedAt = lastChange(o.metadata);
    // A changed route reaches kube-proxy or the ingress controller a moment later; the
    // proxies can say when they have it.
    const programmed =
      proxied(o) && proxiesSynced !== undefined && proxiesSynced >= changedAt + STAMP_MS;
    const routed = proxied(o) || o.kind === "Ingress";
    if (now - changedAt < (routed && !programmed ? SETTLE_MS : YOUNG_MS))
      return `${name} changed a moment ago`;
    if (o.kind === "Deployment" && deploymentPending(o)) return `${name} is rolling out`;
    if (o.kind === "Pod" && podPending(o, now)) return `${name} is starting`;
    if (o.kind === "EndpointSlice" && o.endpoints?.some((e) => e.conditions?.terminating))
      return `${name} still lists a pod that is shutting down`;
    const age = now - time(o.metadata?.creationTimestamp);
    // Without a load-balancer controller the address never comes: wait a bounded while.
    const young = age < STARTING_MS;
    if (o.kind === "Service" && o.spec?.type === "LoadBalancer" && !addressed(o) && young)
      return `${name} is waiting for its load-balancer address`;
    if (o.kind === "Ingress" && ingressAddresses && !addressed(o) && young)
      return `${name} is waiting for its address`;
  }
  return undefined;
}
