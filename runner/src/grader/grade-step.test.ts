import { describe, expect, it } from "vitest";
import { checkSchema } from "../lab-format/check-format.ts";
import { gradeStep } from "./grade-step.ts";
import type { GradingTarget } from "./grading-target.ts";

/** A cluster where no object exists: every resource check fails on it. */
const emptyCluster: GradingTarget = {
  name: "an empty cluster",
  namespace: "default",
  kubectl: async (args) => ({
    exitCode: 1,
    stdout: "",
    stderr: `Error from server (NotFound): ${args[1]} "${args[2]}" not found`,
  }),
};

const serviceCheck = (id: string, hint?: string) =>
  checkSchema.parse({
    id,
    kind: "resource",
    description: `Service ${id} exists`,
    resource: { apiVersion: "v1", kind: "Service", name: id },
    timeoutSeconds: 0.001,
    ...(hint ? { hint } : {}),
  });

describe("grading a step", () => {
  const step = {
    id: "expose",
    title: "Expose kubia",
    hints: ["First hint of the step", "Second hint of the step"],
    checks: [serviceCheck("kubia", "Name the Service kubia."), serviceCheck("kubia-nodeport")],
  };

  it("gives a failing check its own hint, and the others the step's next hint", async () => {
    const graded = await gradeStep(emptyCluster, step, { hintsShown: 1 });
    expect(graded.passed).toBe(false);
    expect(graded.results.map((r) => [r.id, r.passed, r.hint])).toEqual([
      ["kubia", false, "Name the Service kubia."],
      ["kubia-nodeport", false, "Second hint of the step"],
    ]);
  });

  it("gives no step hint once every hint has been shown", async () => {
    const graded = await gradeStep(emptyCluster, step, { hintsShown: 2 });
    expect(graded.results.map((r) => r.hint)).toEqual(["Name the Service kubia.", undefined]);
  });
});
