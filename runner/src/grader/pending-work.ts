// Is the cluster still settling? Checks retry until their timeout to ride out a rollout or
// kube-proxy catching up; when nothing is in motion a failing check will not start passing
// by waiting, so the Check button answers at once instead. Pure judgement over the objects
// of the learner's namespace (read by one kubectl call in check-step.ts).

/** A Service or EndpointSlice changed this recently may not have reached kube-proxy yet. */
export const SETTLE_MS = 10_000;
/** A pod not ready for longer than this is stuck (crash loop, bad image), not starting. */
export const STARTING_MS = 120_000;

interface Meta {
  creationTimestamp?: string;
  deletionTimestamp?: string;
  generation?: number;
  managedFields?: { time?: string }[];
}

export interface NamespaceObject {
  kind?: string;
  metadata?: Meta & { name?: string };
  spec?: { replicas?: number };
  status?: {
    phase?: string;
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: { type?: string; status?: string; reason?: string }[];
    containerStatuses?: { ready?: boolean }[];
  };
}

const time = (t: string | undefined) => (t ? Date.parse(t) : Number.NaN);

function lastChange(meta: Meta | undefined): number {
  const times = [meta?.creationTimestamp, ...(meta?.managedFields ?? []).map((f) => f.time)]
    .map(time)
    .filter((t) => !Number.isNaN(t));
  return times.length ? Math.max(...times) : Number.NaN;
}

/** Why the namespace is still settling, or undefined when nothing is pending. */
export function pendingReason(objects: NamespaceObject[], now: number): string | undefined {
  for (const o of objects) {
    const name = `${o.kind ?? "object"} ${o.metadata?.name ?? ""}`.trim();
    if (o.metadata?.deletionTimestamp) return `${name} is being deleted`;
    const routed = o.kind === "Service" || o.kind === "EndpointSlice";
    if (routed && now - lastChange(o.metadata) < SETTLE_MS) return `${name} changed a moment ago`;
    if (o.kind === "Deployment") {
      const wanted = o.spec?.replicas ?? 1;
      const s = o.status ?? {};
      const stalled = s.conditions?.some((c) => c.reason === "ProgressDeadlineExceeded");
      const rolling =
        (s.observedGeneration ?? 0) < (o.metadata?.generation ?? 0) ||
        (s.updatedReplicas ?? 0) !== wanted ||
        (s.readyReplicas ?? 0) !== wanted ||
        (s.replicas ?? 0) !== wanted;
      if (rolling && !stalled) return `${name} is rolling out`;
    }
    if (o.kind === "Pod") {
      const age = now - time(o.metadata?.creationTimestamp);
      const ready = o.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True");
      const finished = o.status?.phase === "Succeeded" || o.status?.phase === "Failed";
      if (!ready && !finished && age < STARTING_MS) return `${name} is starting`;
    }
  }
  return undefined;
}
