import { describe, expect, it } from "vitest";
import {
  clientSideUpgrade,
  kubeconfigNamespace,
  LAST_APPLIED,
  sortedJson,
  withLastApplied,
} from "./apply-direct.ts";

const kubeconfig = (namespace?: string) => `apiVersion: v1
kind: Config
current-context: learner@demo
contexts:
  - name: other
    context: { cluster: demo, user: learner, namespace: elsewhere }
  - name: learner@demo
    context: { cluster: demo, user: learner${namespace ? `, namespace: ${namespace}` : ""} }
`;

describe("the namespace an Apply without one lands in", () => {
  it("is the current context's, as kubectl reads it, else default", () => {
    expect(kubeconfigNamespace(kubeconfig("shop"))).toBe("shop");
    expect(kubeconfigNamespace(kubeconfig())).toBe("default");
  });

  it("is unknown (kubectl decides) without a readable current context", () => {
    expect(kubeconfigNamespace(undefined)).toBeUndefined();
    expect(kubeconfigNamespace("current-context: gone\ncontexts: []\n")).toBeUndefined();
    expect(kubeconfigNamespace("{ not yaml")).toBeUndefined();
  });
});

describe("the last-applied annotation", () => {
  it("is the file's object in Go's key order, with its namespace and its other annotations", () => {
    const doc = {
      kind: "Service",
      apiVersion: "v1",
      metadata: { name: "web", annotations: { team: "a" } },
      spec: { selector: { app: "web" }, ports: [{ port: 80 }] },
    };
    const sent = withLastApplied(doc, "default");
    const annotations = (sent.metadata as { annotations: Record<string, string> }).annotations;
    expect(annotations.team).toBe("a");
    expect(annotations[LAST_APPLIED]).toBe(
      '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{"team":"a"},"name":"web","namespace":"default"},"spec":{"ports":[{"port":80}],"selector":{"app":"web"}}}',
    );
  });

  it("is never nested in itself when a file carries an old one", () => {
    const doc = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } };
    const once = withLastApplied(doc, undefined);
    const twice = withLastApplied(once, undefined);
    expect(twice).toEqual(once);
    expect(sortedJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
});

describe("an object `kubectl apply` last applied on the client side", () => {
  const entry = (manager: string, operation = "Update") => ({ manager, operation });

  it("becomes kubectl's server-side Apply entry, only if unchanged since it was read", () => {
    const metadata = {
      resourceVersion: "42",
      managedFields: [entry("kube-controller-manager"), entry("kubectl-client-side-apply")],
    };
    expect(clientSideUpgrade(metadata)).toEqual([
      { op: "test", path: "/metadata/resourceVersion", value: "42" },
      { op: "replace", path: "/metadata/managedFields/1/manager", value: "kubectl" },
      { op: "replace", path: "/metadata/managedFields/1/operation", value: "Apply" },
    ]);
  });

  it("needs nothing when kubectl's client side never touched it", () => {
    expect(clientSideUpgrade({ managedFields: [entry("kubectl", "Apply")] })).toBeUndefined();
    expect(clientSideUpgrade({})).toBeUndefined();
  });

  it("is left to kubectl when both kinds of entry are there", () => {
    const metadata = {
      resourceVersion: "7",
      managedFields: [entry("kubectl", "Apply"), entry("kubectl-client-side-apply")],
    };
    expect(clientSideUpgrade(metadata)).toBe("kubectl's");
  });
});
