// A Service's endpoints as the data plane sees them: EndpointSlices selected by the label
// `kubernetes.io/service-name` (never by name — Endpoints is deprecated since 1.33), or,
// for a hand-made Service without a selector, a same-named Endpoints object too. The
// explanation turns "no endpoints" into the mistake behind it.
import { getObject, type KubeObject, listObjects, selectorText } from "./kubectl-json.ts";
import type { GradingTarget } from "./grading-target.ts";

export interface ReadyEndpoint {
  address: string;
  /** The node hosting it: for `externalTrafficPolicy: Local`, the nodes that answer. */
  nodeName?: string;
  pod?: string;
  /** The ports of its EndpointSlice (or Endpoints subset); an unnamed port has name "". */
  ports: EndpointPort[];
}

export interface EndpointPort {
  name: string;
  port?: number;
}

export interface ServiceFacts {
  name: string;
  exists: boolean;
  selector?: Record<string, string>;
  ports: { name?: string; port: number; targetPort?: number | string; nodePort?: number }[];
  type?: string;
  externalTrafficPolicy?: string;
  sessionAffinity?: string;
  clusterIP?: string;
  loadBalancerIp?: string;
  ready: ReadyEndpoint[];
  /** Pods matching the selector, with readiness and declared container ports. */
  pods: { name: string; ready: boolean; containerPorts: number[] }[];
}

interface SliceJson {
  ports?: { name?: string; port?: number }[] | null;
  endpoints?: {
    addresses?: string[];
    conditions?: { ready?: boolean };
    nodeName?: string;
    targetRef?: { name?: string };
  }[];
}

export async function readServiceFacts(
  target: GradingTarget,
  name: string,
  namespace: string,
): Promise<ServiceFacts> {
  const service = await getObject(target, "Service", name, namespace);
  const facts: ServiceFacts = { name, exists: !!service, ports: [], ready: [], pods: [] };
  if (!service) return facts;
  const spec = (service.spec ?? {}) as Record<string, unknown>;
  facts.selector = spec.selector as Record<string, string> | undefined;
  facts.ports = (spec.ports ?? []) as ServiceFacts["ports"];
  facts.type = spec.type as string | undefined;
  facts.externalTrafficPolicy = spec.externalTrafficPolicy as string | undefined;
  facts.sessionAffinity = spec.sessionAffinity as string | undefined;
  facts.clusterIP = spec.clusterIP as string | undefined;
  const status = service.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined;
  facts.loadBalancerIp = status?.loadBalancer?.ingress?.[0]?.ip;

  const slices = (await listObjects(
    target,
    "EndpointSlice.v1.discovery.k8s.io",
    { "kubernetes.io/service-name": name },
    namespace,
  )) as (KubeObject & SliceJson)[];
  for (const slice of slices) {
    const ports = portsOf(slice.ports);
    for (const endpoint of slice.endpoints ?? [])
      if (endpoint.conditions?.ready !== false)
        for (const address of endpoint.addresses ?? [])
          facts.ready.push({
            address,
            nodeName: endpoint.nodeName,
            pod: endpoint.targetRef?.name,
            ports,
          });
  }

  if (!facts.selector && facts.ready.length === 0) {
    // Hand-made endpoints: a same-named Endpoints object counts as well.
    const endpoints = await getObject(target, "Endpoints", name, namespace);
    const subsets = (endpoints?.subsets ?? []) as {
      addresses?: { ip: string }[];
      ports?: { name?: string; port?: number }[];
    }[];
    for (const subset of subsets)
      for (const a of subset.addresses ?? [])
        facts.ready.push({ address: a.ip, ports: portsOf(subset.ports) });
  }

  if (facts.selector && Object.keys(facts.selector).length > 0) {
    const pods = await listObjects(target, "Pod", facts.selector, namespace);
    facts.pods = pods.map((pod) => {
      const status = pod.status as { conditions?: { type: string; status: string }[] } | undefined;
      const containers =
        (pod.spec as { containers?: { ports?: { containerPort: number }[] }[] })?.containers ?? [];
      return {
        name: pod.metadata?.name ?? "?",
        ready: status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
        containerPorts: containers.flatMap((c) => (c.ports ?? []).map((p) => p.containerPort)),
      };
    });
  }
  return facts;
}

const portsOf = (ports: { name?: string; port?: number }[] | null | undefined): EndpointPort[] =>
  (ports ?? []).map((p) => ({ name: p.name ?? "", port: p.port }));

/** Which endpoints a port selects: by the Service port's name and/or the number they serve. */
export interface PortFilter {
  name?: string;
  number?: number;
}

export const servesPort = (endpoint: ReadyEndpoint, filter: PortFilter) =>
  endpoint.ports.some(
    (p) =>
      (filter.name === undefined || p.name === filter.name) &&
      (filter.number === undefined || p.port === filter.number),
  );

export const describePortFilter = (filter: PortFilter) =>
  [
    filter.name !== undefined ? `port ${filter.name === "" ? "(unnamed)" : filter.name}` : "",
    filter.number !== undefined ? `on ${filter.number}` : "",
  ]
    .filter(Boolean)
    .join(" ");

/**
 * What the endpoints that miss the filter serve instead, in the learner's words: kube-proxy
 * pairs a Service port with an EndpointSlice port by name, so a wrong or missing name, or
 * pods still on the old number, are the usual reasons.
 */
export function describeOtherPorts(ready: ReadyEndpoint[], filter: PortFilter): string {
  const tally = new Map<string, number>();
  for (const endpoint of ready)
    for (const p of endpoint.ports) {
      const key = `${p.name === "" ? "an unnamed port" : `port ${p.name}`}${p.port !== undefined ? ` on ${p.port}` : ""}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
  if (tally.size === 0) return "";
  const parts = [...tally].map(([key, n]) => `${n} serve${n === 1 ? "s" : ""} ${key}`);
  const naming =
    filter.name !== undefined && !ready.some((e) => e.ports.some((p) => p.name === filter.name))
      ? ` — an endpoint port's name must equal the Service port's name (${filter.name === "" ? "unnamed" : filter.name})`
      : "";
  return `; of its ${ready.length} ready endpoint${ready.length === 1 ? "" : "s"}, ${parts.join(", ")}${naming}`;
}

/** Why a Service has no ready endpoints, in the learner's words; undefined when it has some. */
export function explainNoEndpoints(
  facts: ServiceFacts,
  port?: ServiceFacts["ports"][number],
): string | undefined {
  if (!facts.exists) return `there is no Service named ${facts.name}`;
  if (facts.ready.length > 0) return port ? explainUnservedPort(facts, port) : undefined;
  if (!facts.selector)
    return `Service ${facts.name} has no selector and no hand-made endpoints (an Endpoints object or an EndpointSlice labelled kubernetes.io/service-name=${facts.name})`;
  const selector = selectorText(facts.selector);
  if (facts.pods.length === 0)
    return `Service ${facts.name} selects ${selector} but no pod has that label, so it has no endpoints`;
  return `Service ${facts.name} selects ${facts.pods.length} pod${facts.pods.length === 1 ? "" : "s"} (${selector}) but none is ready yet, so it has no ready endpoints`;
}

/**
 * Hand-made endpoints that serve none of the Service port's name: kube-proxy pairs the two by
 * name, so that port has no endpoint even though the Service has some.
 */
function explainUnservedPort(
  facts: ServiceFacts,
  port: ServiceFacts["ports"][number],
): string | undefined {
  if (facts.selector) return undefined;
  const filter = { name: port.name ?? "" };
  if (facts.ready.some((e) => servesPort(e, filter))) return undefined;
  const portWords = port.name ? `port ${port.name}` : `unnamed port ${port.port}`;
  return `Service ${facts.name} has hand-made endpoints, but none for its ${portWords}${describeOtherPorts(facts.ready, filter)}`;
}

/** Why a connection to a Service with endpoints was refused: usually a wrong targetPort. */
export function explainRefused(
  facts: ServiceFacts,
  port?: ServiceFacts["ports"][number],
): string | undefined {
  const noEndpoints = explainNoEndpoints(facts, port);
  if (noEndpoints) return noEndpoints;
  const declared = [...new Set(facts.pods.flatMap((p) => p.containerPorts))];
  const targets = facts.ports.map((p) => p.targetPort ?? p.port);
  const mismatch = targets.filter(
    (t) => typeof t === "number" && declared.length > 0 && !declared.includes(t),
  );
  if (mismatch.length > 0)
    return `Service ${facts.name} forwards to targetPort ${mismatch.join(", ")}, but its pods listen on ${declared.join(", ")}`;
  return `the pods behind Service ${facts.name} refused the connection: check that targetPort is the port the container listens on`;
}
