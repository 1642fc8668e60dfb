import { describe, expect, it } from "vitest";
import { cleanMessage, fieldErrors, locateApplyErrors } from "./apply-problems.ts";
import { parseManifest } from "./manifest-documents.ts";

const twoDocs = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector: { app: web }
  ports:
    - port: 80
      targetPort: 8080
    - port: 81
      nodePort: 80
`;

describe("parseManifest", () => {
  it("locates YAML syntax errors without asking kubectl", () => {
    const { problems } = parseManifest("apiVersion: v1\nkind: Service\nmetadata:\n  name: [a\n");
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(4);
    expect(problems[0]!.message).toMatch(/^YAML: /);
  });

  it("names documents that lack apiVersion, kind or a name, at their first line", () => {
    const { problems } = parseManifest(
      "apiVersion: v1\nkind: Service\n---\n\nmetadata: { name: x }\n",
    );
    expect(problems).toEqual([
      { line: 1, object: "Service", message: "this document has no metadata.name" },
      { line: 5, message: "this document has no apiVersion, kind" },
    ]);
  });

  it("finds a field path's line in the right document, by index and by Go struct path", () => {
    const { documents } = parseManifest(twoDocs);
    expect(documents.map((d) => `${d.kind}/${d.name}@${d.line}`)).toEqual([
      "Deployment/web@1",
      "Service/web@8",
    ]);
    const service = documents[1]!;
    expect(service.locate(["spec", "ports", 1, "nodePort"])).toEqual({ line: 19, column: 7 });
    expect(service.locate(["spec", "ports", "targetPort"])).toEqual({ line: 17, column: 7 });
    // A field that is not there belongs to the deepest one that is.
    expect(service.locate(["spec", "clusterIP"]).line).toBe(12);
  });
});

describe("locateApplyErrors", () => {
  const { documents } = parseManifest(twoDocs);

  it("puts an invalid value on its field's line, in the object kubectl names", () => {
    const stderr = `The Service "web" is invalid: spec.ports[1].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767\n`;
    expect(locateApplyErrors(stderr, documents)).toEqual([
      {
        line: 19,
        column: 7,
        object: "Service/web",
        message:
          "spec.ports[1].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767",
      },
    ]);
  });

  it("reads the object out of a failed patch and drops the patch itself", () => {
    const stderr = [
      "Warning: resource services/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation",
      "Error from server (Invalid): error when applying patch:",
      '{"spec":{"ports":[{"nodePort":80,"port":81}]}}',
      "to:",
      'Resource: "/v1, Resource=services", GroupVersionKind: "/v1, Kind=Service"',
      'Name: "web", Namespace: "default"',
      'for: "svc.yaml": error when patching "svc.yaml": Service "web" is invalid: spec.ports[1].nodePort: Invalid value: 80: provided port is not in the valid range',
    ].join("\n");
    const [problem] = locateApplyErrors(stderr, documents);
    expect(problem).toMatchObject({ line: 19, object: "Service/web" });
    expect(problem!.message).toBe(
      "spec.ports[1].nodePort: Invalid value: 80: provided port is not in the valid range",
    );
  });

  it("locates unknown fields and Go decoding errors", () => {
    const typo = parseManifest(
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n      targetport: 8080\n",
    ).documents;
    const stderr = `Error from server (BadRequest): error when creating "svc.yaml": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].targetport"\n`;
    expect(locateApplyErrors(stderr, typo)).toEqual([
      {
        line: 8,
        column: 7,
        object: "Service/web",
        message:
          'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].targetport"',
      },
    ]);
    const go = `Error from server (BadRequest): error when creating "svc.yaml": Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.targetPort of type int32`;
    expect(locateApplyErrors(go, documents)[0]).toMatchObject({ line: 17, object: "Service/web" });
  });

  it("without a field, points at the kind of the document the error names", () => {
    const stderr = `Error from server (Forbidden): error when creating "x.yaml": deployments.apps "web" is forbidden: User "learner" cannot create resource "deployments"`;
    expect(locateApplyErrors(stderr, documents)).toEqual([
      {
        line: 2,
        column: 1,
        object: "Deployment/web",
        message:
          'deployments.apps "web" is forbidden: User "learner" cannot create resource "deployments"',
      },
    ]);
  });

  it("splits a list of field errors into one problem per field", () => {
    const message =
      'Service "web" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, spec.selector: Required value]';
    expect(fieldErrors(message)).toEqual([
      {
        path: "spec.ports[0].port",
        message:
          'Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535',
      },
      { path: "spec.selector", message: 'Service "web" is invalid: spec.selector: Required value' },
    ]);
  });

  it("keeps kubectl's own words otherwise", () => {
    expect(
      cleanMessage(
        'error: error validating "x.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false',
      ),
    ).toBe('error validating "x.yaml": error validating data: kind not set');
  });
});
