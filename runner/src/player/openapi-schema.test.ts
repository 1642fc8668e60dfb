import { describe, expect, it } from "vitest";
import { editorSchemaFromOpenApi } from "./openapi-schema.ts";

const spec = {
  info: { title: "Kubernetes", version: "v1.34.2" },
  definitions: {
    "io.k8s.api.core.v1.Service": {
      description: "Service is a named abstraction…",
      properties: {
        apiVersion: { type: "string" },
        kind: { type: "string" },
        spec: { $ref: "#/definitions/io.k8s.api.core.v1.ServiceSpec" },
      },
      type: "object",
      "x-kubernetes-group-version-kind": [{ group: "", kind: "Service", version: "v1" }],
    },
    "io.k8s.api.core.v1.ServiceList": {
      properties: { kind: { type: "string" } },
      "x-kubernetes-group-version-kind": [{ group: "", kind: "ServiceList", version: "v1" }],
    },
    "io.k8s.api.apps.v1.Deployment": {
      properties: { apiVersion: { type: "string" }, kind: { type: "string" } },
      "x-kubernetes-group-version-kind": [{ group: "apps", kind: "Deployment", version: "v1" }],
    },
    "io.k8s.api.core.v1.ServiceSpec": {
      properties: {
        ports: {
          type: "array",
          items: { $ref: "#/definitions/io.k8s.api.core.v1.ServicePort" },
          "x-kubernetes-list-type": "map",
        },
      },
      type: "object",
    },
    "io.k8s.api.core.v1.ServicePort": {
      properties: {
        port: { type: "integer", format: "int32" },
        targetPort: { $ref: "#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString" },
      },
      required: ["port"],
      type: "object",
    },
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {
      type: "string",
      format: "int-or-string",
    },
    "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions": {
      properties: { kind: { type: "string" } },
      "x-kubernetes-group-version-kind": [
        { group: "", kind: "DeleteOptions", version: "v1" },
        { group: "apps", kind: "DeleteOptions", version: "v1" },
      ],
    },
  },
};

describe("editorSchemaFromOpenApi", () => {
  const { kubernetesVersion, schema } = editorSchemaFromOpenApi(spec);
  const definitions = schema.definitions as Record<string, Record<string, unknown>>;

  it("offers one alternative per served kind, apiVersion and kind as enums", () => {
    expect(kubernetesVersion).toBe("v1.34.2");
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    const kinds = (schema.oneOf as { properties: { apiVersion: unknown; kind: unknown } }[]).map(
      (k) => k.properties,
    );
    expect(kinds).toEqual([
      {
        apiVersion: { type: "string", enum: ["apps/v1"] },
        kind: { type: "string", enum: ["Deployment"] },
      },
      { apiVersion: { type: "string", enum: ["v1"] }, kind: { type: "string", enum: ["Service"] } },
    ]);
  });

  it("accepts numbers for int-or-string, refuses unknown fields, drops vendor extensions", () => {
    expect(definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]).toEqual({
      anyOf: [{ type: "string" }, { type: "integer" }],
    });
    expect(definitions["io.k8s.api.core.v1.ServicePort"]!.additionalProperties).toBe(false);
    expect(JSON.stringify(schema)).not.toContain("x-kubernetes-");
    // Every reference still resolves.
    for (const [, ref] of JSON.stringify(schema).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g))
      expect(definitions[ref!], ref).toBeDefined();
  });
});
