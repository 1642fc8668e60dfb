import { describe, expect, it } from "vitest";
import { describeExpectation, formatDiff, partialMatch } from "./partial-match.ts";

const service = {
  metadata: { name: "kubia", labels: { app: "kubia", tier: "web" } },
  spec: {
    type: "NodePort",
    ports: [
      { name: "http", port: 80, targetPort: 8080, nodePort: 30123 },
      { name: "https", port: 443, targetPort: 8443, nodePort: 30443 },
    ],
  },
};

describe("partialMatch", () => {
  it("ignores keys the expectation does not mention", () => {
    expect(partialMatch({ metadata: { labels: { app: "kubia" } } }, service)).toEqual([]);
  });

  it("matches lists as subsets, in any order", () => {
    expect(
      partialMatch({ spec: { ports: [{ port: 443 }, { port: 80, targetPort: 8080 }] } }, service),
    ).toEqual([]);
  });

  it("needs a distinct item for each expected list item", () => {
    const twice = partialMatch({ spec: { ports: [{ port: 80 }, { port: 80 }] } }, service);
    expect(twice).toHaveLength(1);
  });

  it("reports the closest list item's differing field", () => {
    const [m] = partialMatch({ spec: { ports: [{ port: 80, targetPort: 9090 }] } }, service);
    expect(m).toEqual({
      path: "spec.ports[0].targetPort",
      expected: 9090,
      actual: 8080,
      item: { list: "spec.ports", index: 0, count: 2, field: "targetPort", label: "http" },
    });
  });

  it("reports a wrong scalar and a missing key by path", () => {
    const mismatches = partialMatch(
      { spec: { type: "LoadBalancer", sessionAffinity: "ClientIP" } },
      service,
    );
    expect(mismatches.map((m) => m.path)).toEqual(["spec.type", "spec.sessionAffinity"]);
    expect(formatDiff(mismatches)).toContain('- spec.type: expected "LoadBalancer"');
  });

  it("treats null as absent", () => {
    expect(partialMatch({ spec: { externalName: null } }, service)).toEqual([]);
    expect(partialMatch({ spec: { type: null } }, service)).toHaveLength(1);
  });

  it("reports a list with no item like the expected one as a whole", () => {
    const [m] = partialMatch({ spec: { ports: [{ port: 8, targetPort: 9, name: "x" }] } }, service);
    expect(m?.path).toBe("spec.ports");
    expect(m?.item).toBeUndefined();
  });
});

describe("describeExpectation", () => {
  it("says what a partial object asks for, one field per clause, in YAML's words", () => {
    expect(
      describeExpectation({
        spec: {
          type: "NodePort",
          selector: { app: "kubia" },
          ports: [{ port: 80, targetPort: 8080 }],
          externalName: null,
        },
      }),
    ).toEqual([
      "spec.type is NodePort",
      "spec.selector.app is kubia",
      "spec.ports includes {port: 80, targetPort: 8080}",
      "spec.externalName is absent",
    ]);
  });
});
