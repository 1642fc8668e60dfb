import { describe, expect, it } from "vitest";
import {
  clientSideAllows,
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
  const doc = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" } };
  const sent = withLastApplied(doc, "default");
  const live = (lastApplied: string | undefined, manager = "kubectl-client-side-apply") => ({
    managedFields: [{ manager, operation: "Update" }],
    annotations: lastApplied === undefined ? {} : { [LAST_APPLIED]: lastApplied },
  });

  it("takes this path only with the file exactly as kubectl last applied it", () => {
    // kubectl's own annotation: Go's key order and a newline, which the comparison ignores.
    const kubectls =
      '{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c","namespace":"default"}}\n';
    expect(clientSideAllows(live(kubectls), sent)).toBe(true);
    expect(clientSideAllows(live(kubectls.replace('"1"', '"2"')), sent)).toBe(false);
    expect(clientSideAllows(live(undefined), sent)).toBe(false);
    expect(clientSideAllows(live("{ not json"), sent)).toBe(false);
  });

  it("is no question for objects kubectl's client side never touched", () => {
    expect(clientSideAllows(live(undefined, "kubectl"), sent)).toBe(true);
    expect(clientSideAllows({}, sent)).toBe(true);
  });
});
