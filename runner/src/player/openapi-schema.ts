// The cluster's own OpenAPI v2 document turned into one draft-07 JSON Schema for the
// editor (monaco-yaml): `oneOf` over every kind the cluster serves, each alternative with
// its apiVersion and kind as enums so the language server picks the right one. Pure.

type Json = Record<string, unknown>;

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export interface OpenApiV2 {
  info?: { version?: string };
  definitions?: Record<string, Json>;
}

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Rewrites one schema node: vendor extensions go (the language server ignores them, and
 * they are a third of the size), int-or-string and quantities accept numbers as YAML
 * writes them, and an object with known properties refuses unknown ones, as kubectl's
 * strict field validation does — a misspelt `targetport` is marked while typing.
 */
function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (!isObject(node)) return node;
  if (node.format === "int-or-string")
    return { description: node.description, anyOf: [{ type: "string" }, { type: "integer" }] };
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("x-kubernetes-")) continue;
    out[key] =
      key === "properties" && isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]))
        : convert(value);
  }
  const open = node["x-kubernetes-preserve-unknown-fields"] === true;
  if (isObject(node.properties) && !("additionalProperties" in node) && !open)
    out.additionalProperties = false;
  return out;
}

const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";

function apiVersionOf(gvk: Gvk): string {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
}

/** The kinds a learner writes: one GVK per definition, lists and meta types left out. */
function servedKind(name: string, definition: Json): Gvk | undefined {
  const gvks = definition["x-kubernetes-group-version-kind"];
  if (!Array.isArray(gvks) || gvks.length !== 1) return undefined;
  const gvk = gvks[0] as Gvk;
  if (gvk.kind.endsWith("List") || name.startsWith("io.k8s.apimachinery.")) return undefined;
  if (!isObject(definition.properties) || !("kind" in definition.properties)) return undefined;
  return gvk;
}

export function editorSchemaFromOpenApi(spec: OpenApiV2): {
  kubernetesVersion: string;
  schema: Json;
} {
  const definitions: Record<string, unknown> = {};
  const kinds: Json[] = [];
  for (const [name, definition] of Object.entries(spec.definitions ?? {})) {
    definitions[name] =
      name === QUANTITY
        ? { description: definition.description, anyOf: [{ type: "string" }, { type: "number" }] }
        : convert(definition);
    const gvk = servedKind(name, definition);
    if (!gvk) continue;
    kinds.push({
      type: "object",
      required: ["apiVersion", "kind"],
      properties: {
        apiVersion: { type: "string", enum: [apiVersionOf(gvk)] },
        kind: { type: "string", enum: [gvk.kind] },
      },
      allOf: [{ $ref: `#/definitions/${name}` }],
    });
  }
  kinds.sort((a, b) => JSON.stringify(a.properties).localeCompare(JSON.stringify(b.properties)));
  return {
    kubernetesVersion: spec.info?.version ?? "unknown",
    schema: {
      $schema: "http://json-schema.org/draft-07/schema#",
      title: `Kubernetes ${spec.info?.version ?? ""} objects`.replace("  ", " "),
      oneOf: kinds,
      definitions,
    },
  };
}
