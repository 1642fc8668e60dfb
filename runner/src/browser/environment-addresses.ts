// The addresses a Browser-tab URL may reach, read from the environment itself as cluster
// admin: its nodes, the LoadBalancer addresses its Services hold, and the hosts its Ingress
// rules and HTTPRoutes declare. Read afresh for every request, so a Service or Ingress the
// learner just made is reachable at once.
import type { GradingTarget } from "../grader/grading-target.ts";
import { viaReader } from "../grader/kubectl-json.ts";
import { readNodes } from "../grader/nodes.ts";
import type { EnvironmentAddresses } from "./browse-target.ts";

type Json = Record<string, unknown>;

/** Every object of a type in every namespace; none when the type is not served. */
async function listAll(target: GradingTarget, type: string): Promise<Json[]> {
  const read = await viaReader(target, (reader) => reader.list(type));
  if (read.ok) return read.value;
  const result = await target.kubectl(["get", type, "--all-namespaces", "-o", "json"]);
  if (result.exitCode !== 0) return [];
  return (JSON.parse(result.stdout) as { items: Json[] }).items;
}

const strings = (values: unknown[]): string[] =>
  values.filter((v): v is string => typeof v === "string" && v.length > 0);

export function loadBalancerIps(services: Json[]): string[] {
  return strings(
    services.flatMap((s) => {
      const status = s.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined;
      return (status?.loadBalancer?.ingress ?? []).map((i) => i.ip);
    }),
  );
}

export function declaredHosts(ingresses: Json[], httpRoutes: Json[]): string[] {
  const fromIngress = ingresses.flatMap((i) => {
    const spec = i.spec as { rules?: { host?: string }[]; tls?: { hosts?: string[] }[] };
    return [
      ...(spec?.rules ?? []).map((r) => r.host),
      ...(spec?.tls ?? []).flatMap((t) => t.hosts),
    ];
  });
  const fromRoutes = httpRoutes.flatMap(
    (r) => (r.spec as { hostnames?: string[] } | undefined)?.hostnames ?? [],
  );
  return [...new Set(strings([...fromIngress, ...fromRoutes]).map((h) => h.toLowerCase()))].sort();
}

export async function readEnvironmentAddresses(
  target: GradingTarget,
): Promise<EnvironmentAddresses> {
  const [nodes, services, ingresses, routes] = await Promise.all([
    readNodes(target),
    listAll(target, "services"),
    listAll(target, "ingresses.networking.k8s.io"),
    listAll(target, "httproutes.gateway.networking.k8s.io"),
  ]);
  return {
    nodes: nodes.filter((n) => n.ip),
    loadBalancerIps: loadBalancerIps(services),
    hosts: declaredHosts(ingresses, routes),
  };
}
