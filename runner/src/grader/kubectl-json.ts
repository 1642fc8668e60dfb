// Reading live objects through the target's admin kubectl, as plain JSON.
import type { GradingTarget } from "./grading-target.ts";

export type KubeObject = Record<string, unknown> & {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
};

/** `Deployment` + `apps/v1` → `Deployment.v1.apps`, so same-named kinds never clash. */
export function resourceType(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  return group ? `${kind}.${version}.${group}` : kind;
}

export async function getObject(
  target: GradingTarget,
  type: string,
  name: string,
  namespace?: string,
): Promise<KubeObject | undefined> {
  const ns = namespace ? [`--namespace=${namespace}`] : [];
  const result = await target.kubectl(["get", type, name, ...ns, "-o", "json"]);
  if (result.exitCode === 0) return JSON.parse(result.stdout) as KubeObject;
  if (/NotFound|not found/.test(result.stderr)) return undefined;
  throw new Error(`kubectl get ${type} ${name} failed: ${result.stderr.trim()}`);
}

export async function listObjects(
  target: GradingTarget,
  type: string,
  selector: Record<string, string>,
  namespace?: string,
): Promise<KubeObject[]> {
  const labels = Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const ns = namespace ? [`--namespace=${namespace}`] : [];
  const result = await target.kubectl(["get", type, ...ns, "-l", labels, "-o", "json"]);
  if (result.exitCode !== 0)
    throw new Error(`kubectl get ${type} -l ${labels} failed: ${result.stderr.trim()}`);
  return (JSON.parse(result.stdout) as { items: KubeObject[] }).items;
}

export const selectorText = (selector: Record<string, string>) =>
  Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
