// Reading live objects as plain JSON: through the target's kept-alive reader when it has
// one, else (or when the reader fails) through its admin kubectl.
import type { KubeReader } from "../util/kube-reader.ts";
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
  const read = await viaReader(target, (r) => r.get(type, name, namespace));
  if (read.ok) return read.value as KubeObject | undefined;
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
  const labels = selectorText(selector);
  const read = await viaReader(target, (r) => r.list(type, namespace, labels));
  if (read.ok) return read.value as KubeObject[];
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

/**
 * A read through the target's reader; `ok: false` sends the caller to kubectl, which then
 * gives the error in kubectl's words if there is one.
 */
export async function viaReader<T>(
  target: GradingTarget,
  read: (reader: KubeReader) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false }> {
  if (!target.reader) return { ok: false };
  try {
    return { ok: true, value: await read(await target.reader()) };
  } catch {
    return { ok: false };
  }
}
