// Apply from the editor without starting a process: the file's objects go to the API
// server over the grader's kept connection, as the learner (impersonated, so the server
// authorises and admits each request as the learner's own), by server-side apply under
// kubectl's field manager, each carrying the last-applied annotation that a later
// `kubectl apply` in the terminal reads. A process per Apply (docker exec, then kubectl's
// start and discovery) was most of the second a learner waited. Whatever this path cannot
// be sure to do as `kubectl apply` would, and every refusal, it leaves to kubectl in the
// workstation (apply-file.ts), whose words apply-problems.ts locates in the file.
import { parse, parseAllDocuments } from "yaml";
import { LEARNER_GROUP, LEARNER_USER } from "../environment/learner-access.ts";
import type { KubeJson, KubeReader } from "../util/kube-reader.ts";

const FIELD_MANAGER = "kubectl";
/** Objects `kubectl apply` (client side) has touched: their merge is kubectl's to do. */
const CLIENT_SIDE_MANAGER = "kubectl-client-side-apply";
export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The namespace kubectl would use for an object that names none: the current context's. */
export function kubeconfigNamespace(kubeconfig: string | undefined): string | undefined {
  if (!kubeconfig) return undefined;
  try {
    const doc = parse(kubeconfig) as Json;
    const current = doc["current-context"];
    const contexts = Array.isArray(doc.contexts) ? (doc.contexts as Json[]) : [];
    const context = contexts.find((c) => c.name === current)?.context;
    if (!isObject(context)) return undefined;
    return typeof context.namespace === "string" && context.namespace
      ? context.namespace
      : "default";
  } catch {
    return undefined;
  }
}

/** JSON with every object's keys sorted, as Go writes a map (and kubectl its annotation). */
export function sortedJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : isObject(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort(v[k])]),
          )
        : v;
  return JSON.stringify(sort(value));
}

/** The object as sent: its namespace set and the file's own text of it as last applied. */
export function withLastApplied(doc: Json, namespace: string | undefined): Json {
  const metadata = { ...(doc.metadata as Json) };
  if (namespace) metadata.namespace = namespace;
  const annotations = { ...(isObject(metadata.annotations) ? metadata.annotations : {}) };
  delete annotations[LAST_APPLIED];
  const applied = sortedJson({ ...doc, metadata: { ...metadata, annotations } });
  return {
    ...doc,
    metadata: { ...metadata, annotations: { ...annotations, [LAST_APPLIED]: applied } },
  };
}

/**
 * Whether an object `kubectl apply` last applied on the client side may take this path: its
 * fields belong to that Update entry, so server-side apply would leave behind a field the
 * file dropped, which kubectl's three-way merge removes. With the file exactly as last
 * applied nothing is dropped, and both set the file's fields and leave the rest; any other
 * file is kubectl's to merge.
 */
export function clientSideAllows(metadata: Json, sent: Json): boolean {
  const managers = Array.isArray(metadata.managedFields) ? (metadata.managedFields as Json[]) : [];
  if (!managers.some((m) => m.manager === CLIENT_SIDE_MANAGER)) return true;
  const last = (metadata.annotations as Json | undefined)?.[LAST_APPLIED];
  const now = ((sent.metadata as Json).annotations as Json)[LAST_APPLIED];
  if (typeof last !== "string") return false;
  try {
    return sortedJson(JSON.parse(last)) === now;
  } catch {
    return false;
  }
}

interface Planned {
  path: string;
  label: string;
  body: Json;
}

/** What an object looks like to a learner, without the server's bookkeeping. */
function content(object: KubeJson | undefined): string {
  if (!object) return "";
  const { status: _status, metadata, ...rest } = object;
  const {
    managedFields: _m,
    resourceVersion: _r,
    generation: _g,
    ...meta
  } = (metadata ?? {}) as Json;
  return sortedJson({ ...rest, metadata: meta });
}

async function plan(reader: KubeReader, doc: unknown, namespace: string) {
  if (!isObject(doc) || !isObject(doc.metadata)) return undefined;
  const { apiVersion, kind } = doc;
  const { name, generateName } = doc.metadata;
  if (typeof apiVersion !== "string" || typeof kind !== "string" || kind.endsWith("List"))
    return undefined;
  if (typeof name !== "string" || !name || generateName !== undefined) return undefined;
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const resolved = await reader
    .resolve(group ? `${kind}.${version}.${group}` : `${kind}.${version}`)
    .catch(() => undefined);
  if (!resolved) return undefined;
  const ns = resolved.namespaced
    ? typeof doc.metadata.namespace === "string" && doc.metadata.namespace
      ? doc.metadata.namespace
      : namespace
    : undefined;
  const where = ns ? `/namespaces/${encodeURIComponent(ns)}` : "";
  return {
    path: `${resolved.base}${where}/${resolved.plural}/${encodeURIComponent(name)}`,
    label: `${kind.toLowerCase()}${group ? `.${group}` : ""}/${name}`,
    body: withLastApplied(doc, ns),
  } satisfies Planned;
}

/**
 * kubectl's lines for the applied objects, or undefined when kubectl should do it: a
 * document this path does not handle, an object kubectl's client-side merge owns, or any
 * refusal (a dry run of every object goes first, so a refused file changes nothing here).
 */
export async function applyDirect(
  reader: KubeReader,
  text: string,
  namespace: string,
  dryRun: boolean,
): Promise<string[] | undefined> {
  const docs = parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null && d !== undefined);
  const planned: Planned[] = [];
  for (const doc of docs) {
    const one = await plan(reader, doc, namespace);
    if (!one) return undefined;
    planned.push(one);
  }
  const live: (KubeJson | undefined)[] = [];
  for (const p of planned) {
    const found = await reader.send("GET", p.path);
    if (found.status !== 200 && found.status !== 404) return undefined;
    if (!clientSideAllows((found.body?.metadata ?? {}) as Json, p.body)) return undefined;
    live.push(found.status === 200 ? found.body : undefined);
  }
  const asLearner = { "Impersonate-User": LEARNER_USER, "Impersonate-Group": [LEARNER_GROUP] };
  const apply = async (p: Planned, dry: boolean) => {
    const query = `fieldManager=${FIELD_MANAGER}&force=true&fieldValidation=Strict${dry ? "&dryRun=All" : ""}`;
    const answer = await reader.send("PATCH", `${p.path}?${query}`, {
      body: JSON.stringify(p.body),
      headers: { "Content-Type": "application/apply-patch+yaml", ...asLearner },
    });
    return answer.status === 200 || answer.status === 201 ? answer.body : undefined;
  };
  const results: (KubeJson | undefined)[] = [];
  for (const p of planned) {
    const result = await apply(p, true);
    if (!result) return undefined;
    results.push(result);
  }
  if (!dryRun) {
    for (const [i, p] of planned.entries()) {
      const result = await apply(p, false);
      if (!result) return undefined;
      results[i] = result;
    }
  }
  return planned.map((p, i) => {
    const before = live[i];
    const verb = !before
      ? "created"
      : content(before) === content(results[i])
        ? "unchanged"
        : "configured";
    return `${p.label} ${verb}${dryRun ? " (server dry run)" : ""}`;
  });
}
