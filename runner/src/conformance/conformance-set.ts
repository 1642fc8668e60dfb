// Which of Kubernetes' own end-to-end tests prove a Kindling cluster's networking, and how
// their report is read. The set: every [Conformance] test of sig-network, plus the Service
// tests the course leans on that are not conformance tests (session affinity timeouts,
// NodePort allocation, externalTrafficPolicy Local, LoadBalancer through MetalLB).

export const CONFORMANCE_FOCUS = [
  String.raw`\[sig-network\].*\[Conformance\]`,
  String.raw`\[sig-network\] Services should have session affinity timeout work`,
  String.raw`\[sig-network\] Services should support externalTrafficPolicy=Local for type=NodePort`,
  String.raw`\[sig-network\] Services should implement NodePort and HealthCheckNodePort correctly`,
  String.raw`\[sig-network\] Services should (prevent NodePort collisions|release NodePorts on delete|check NodePort out-of-range)`,
  String.raw`\[sig-network\] LoadBalancers .*\[Feature:LoadBalancer\]`,
];

/**
 * Tests of the set that cannot apply to a Kindling cluster, each with its reason. They
 * are skipped by name and listed in the summary, so the list stays short and visible.
 */
export const NOT_APPLICABLE: { pattern: string; reason: string }[] = [
  {
    pattern:
      "should implement NodePort and HealthCheckNodePort correctly when ExternalTrafficPolicy changes",
    reason:
      "needs three schedulable nodes; the 1+2 topology of the labs has two (the control plane is tainted)",
  },
  {
    pattern:
      "should be able to switch session affinity for LoadBalancer service with Local traffic policy",
    reason:
      "MetalLB's layer-2 mode sends a Service's traffic to one node, and with externalTrafficPolicy Local only that node's pods answer; with three replicas on two workers that node may hold one, and then 'affinity off' cannot be told from 'affinity on' (it passed in one run and failed in the next; the Cluster-policy, NodePort and ClusterIP variants run)",
  },
  {
    pattern: "should handle load balancer cleanup finalizer for service",
    reason:
      "the cleanup finalizer is added by a cloud provider's service controller, which a cluster without a cloud does not run; MetalLB assigns addresses without it",
  },
  {
    pattern: String.raw`ExternalTrafficPolicy: Local \[Feature:LoadBalancer\] \[Slow\] should work for type=LoadBalancer`,
    reason:
      "the test counts any client address inside the nodes' subnet as 'not preserved', and the tests run on the host, whose address is that Docker network's gateway; the pods see the host's own address, which is preservation (the external-traffic-policy lab proves it from the workstation)",
  },
];

export interface SpecResult {
  name: string;
  state: "passed" | "failed" | "skipped" | "pending" | "other";
  seconds: number;
  failure?: string;
}

interface GinkgoSpecReport {
  ContainerHierarchyTexts?: string[] | null;
  LeafNodeText?: string;
  LeafNodeType?: string;
  State?: string;
  RunTime?: number;
  Failure?: { Message?: string };
}

/** The specs a Ginkgo JSON report (`--ginkgo.json-report`) ran, skipping suite set-up nodes. */
export function specResults(report: unknown): SpecResult[] {
  const suites = Array.isArray(report) ? report : [report];
  const results: SpecResult[] = [];
  for (const suite of suites as { SpecReports?: GinkgoSpecReport[] }[]) {
    for (const spec of suite.SpecReports ?? []) {
      if (spec.LeafNodeType !== "It") continue;
      const name = [...(spec.ContainerHierarchyTexts ?? []), spec.LeafNodeText ?? ""].join(" ");
      const state = (spec.State ?? "").toLowerCase();
      results.push({
        name,
        state:
          (["passed", "failed", "skipped", "pending"] as const).find((s) => s === state) ??
          (state.includes("fail") || state.includes("panic") || state.includes("interrupt")
            ? "failed"
            : "other"),
        seconds: (spec.RunTime ?? 0) / 1e9,
        failure: spec.Failure?.Message,
      });
    }
  }
  return results;
}

export interface ConformanceSummary {
  passed: number;
  failed: number;
  /** Skipped by the suite itself at run time (e.g. a feature the cluster does not offer). */
  skipped: number;
  failures: SpecResult[];
  skips: SpecResult[];
}

/** Counts of the specs that were selected; specs outside the focus are not reported. */
export function summarise(
  results: SpecResult[],
  selected: (name: string) => boolean,
): ConformanceSummary {
  const ran = results.filter((r) => selected(r.name));
  const failures = ran.filter((r) => r.state === "failed");
  const skips = ran.filter((r) => r.state === "skipped" || r.state === "pending");
  return {
    passed: ran.filter((r) => r.state === "passed").length,
    failed: failures.length,
    skipped: skips.length,
    failures,
    skips,
  };
}

/** Whether a full test name is in the focus and not in the skip list. */
export function selector(focus: string[], skip: string[]): (name: string) => boolean {
  const f = focus.map((p) => new RegExp(p));
  const s = skip.map((p) => new RegExp(p));
  return (name) => f.some((r) => r.test(name)) && !s.some((r) => r.test(name));
}
