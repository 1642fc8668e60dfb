import { describe, expect, it } from "vitest";
import { checkSchema } from "../lab-format/check-format.ts";
import { gradeAtRest } from "./grade-at-rest.ts";
import type { GradingTarget } from "./grading-target.ts";

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

/**
 * A namespace with Service kubia missing, and a pod that is starting until `readyAfter`
 * reads of the namespace; once ready, the Service exists too when `appears`.
 */
function cluster(readyAfter: number, appears: boolean) {
  let reads = 0;
  let gets = 0;
  const target: GradingTarget = {
    name: "a fake cluster",
    namespace: "default",
    kubectl: async (args) => {
      if (args[1]?.startsWith("deployments.apps,pods")) {
        reads += 1;
        const ready = reads > readyAfter;
        const pod = {
          kind: "Pod",
          metadata: { name: "kubia-1", creationTimestamp: iso(60_000) },
          status: ready
            ? { conditions: [{ type: "Ready", status: "True" }] }
            : { phase: "Pending" },
        };
        return { exitCode: 0, stdout: JSON.stringify({ items: [pod] }), stderr: "" };
      }
      gets += 1;
      if (appears && reads > readyAfter) {
        const service = { kind: "Service", metadata: { name: "kubia" } };
        return { exitCode: 0, stdout: JSON.stringify(service), stderr: "" };
      }
      return { exitCode: 1, stdout: "", stderr: 'services "kubia" not found' };
    },
  };
  return { target, gets: () => gets };
}

const step = {
  id: "expose",
  title: "Expose kubia",
  hints: [],
  checks: [
    checkSchema.parse({
      id: "service",
      kind: "resource",
      description: "Service kubia exists",
      resource: { apiVersion: "v1", kind: "Service", name: "kubia" },
      timeoutSeconds: 30,
    }),
  ],
};

describe("a verdict at rest", () => {
  it("fails at once, grading each check once, when nothing can change", async () => {
    const { target, gets } = cluster(0, false);
    const started = Date.now();
    const result = await gradeAtRest(target, step);
    expect(result.passed).toBe(false);
    expect(result.waitedFor).toBeUndefined();
    expect(gets()).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("waits while a pod starts, says so, and passes when the answer arrives", async () => {
    const { target } = cluster(2, true);
    const result = await gradeAtRest(target, step);
    expect(result.passed).toBe(true);
    expect(result.waitedFor).toEqual(["Pod kubia-1 is starting"]);
  });

  it("stops waiting when the namespace comes to rest without the answer", async () => {
    const { target, gets } = cluster(1, false);
    const result = await gradeAtRest(target, step);
    expect(result.passed).toBe(false);
    expect(result.waitedFor).toEqual(["Pod kubia-1 is starting"]);
    expect(gets()).toBe(3); // at once, after a pause, and once more at rest
    expect(result.durationMs).toBeLessThan(5000);
  });

  it("waits no longer than the step's longest timeout", async () => {
    const { target } = cluster(Number.POSITIVE_INFINITY, false);
    const result = await gradeAtRest(target, step, { boundMs: 1500 });
    expect(result.passed).toBe(false);
    expect(result.durationMs).toBeLessThan(3000);
  });
});
