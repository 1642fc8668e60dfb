import { describe, expect, it } from "vitest";
import { CONFORMANCE_FOCUS, selector, specResults, summarise } from "./conformance-set.ts";

const spec = (hierarchy: string[], leaf: string, state: string, failure?: string) => ({
  ContainerHierarchyTexts: hierarchy,
  LeafNodeText: leaf,
  LeafNodeType: "It",
  State: state,
  RunTime: 2_500_000_000,
  Failure: failure ? { Message: failure } : undefined,
});

describe("the conformance set", () => {
  const inSet = selector(CONFORMANCE_FOCUS, []);

  it("holds sig-network's conformance tests and the chosen Service tests, nothing else", () => {
    expect(inSet("[sig-network] DNS should provide DNS for services [Conformance]")).toBe(true);
    expect(
      inSet(
        "[sig-network] Services should have session affinity timeout work for NodePort service [LinuxOnly]",
      ),
    ).toBe(true);
    expect(
      inSet(
        "[sig-network] LoadBalancers [Feature:LoadBalancer] should handle load balancer cleanup finalizer for service [Slow]",
      ),
    ).toBe(true);
    expect(
      inSet("[sig-apps] Deployment should run the lifecycle of a Deployment [Conformance]"),
    ).toBe(false);
    expect(
      inSet(
        "[sig-network] Services should serve endpoints on same port and different protocol for internal traffic on Type LoadBalancer ",
      ),
    ).toBe(false);
  });

  it("leaves out what the skip list names", () => {
    const some = selector(CONFORMANCE_FOCUS, ["DNS"]);
    expect(some("[sig-network] DNS should provide DNS for services [Conformance]")).toBe(false);
    expect(
      some("[sig-network] Services should serve a basic endpoint from pods [Conformance]"),
    ).toBe(true);
  });
});

describe("reading Ginkgo's JSON report", () => {
  const report = [
    {
      SpecReports: [
        { LeafNodeType: "SynchronizedBeforeSuite", State: "passed" },
        spec(["[sig-network] DNS"], "should provide DNS for services [Conformance]", "passed"),
        spec(
          ["[sig-network] Services"],
          "should serve a basic endpoint from pods [Conformance]",
          "failed",
          "timed out\nmore",
        ),
        spec(
          ["[sig-network] LoadBalancers [Feature:LoadBalancer]"],
          "should be cleaned up [Slow]",
          "skipped",
        ),
        spec(["[sig-apps] Deployment"], "should run [Conformance]", "skipped"),
      ],
    },
  ];

  it("counts the selected specs by state, with each failure's message", () => {
    const results = specResults(report);
    expect(results).toHaveLength(4);
    expect(results[0]).toMatchObject({ state: "passed", seconds: 2.5 });
    const summary = summarise(results, selector(CONFORMANCE_FOCUS, []));
    expect(summary).toMatchObject({ passed: 1, failed: 1, skipped: 1 });
    expect(summary.failures[0]?.failure).toBe("timed out\nmore");
  });

  it("counts an interrupted or panicking spec as failed", () => {
    const results = specResults([
      { SpecReports: [spec(["[sig-network] DNS"], "x [Conformance]", "interrupted")] },
    ]);
    expect(results[0]?.state).toBe("failed");
  });
});
