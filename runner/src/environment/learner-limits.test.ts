import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { LEARNER_MEMORY, MiB } from "../cluster/environment-budget.ts";
import { CONTAINER_LIMITS, learnerLimits, NAMESPACE_QUOTA } from "./learner-limits.ts";

const quantityMiB = (q: string) => Number(q.replace(/Mi$/, ""));

describe("a learner namespace's limits", () => {
  const [limitRange, quota] = parseAllDocuments(learnerLimits("default")).map(
    (d) => d.toJS() as { kind: string; metadata: { namespace: string } },
  );

  it("are a LimitRange and a ResourceQuota in that namespace", () => {
    expect(limitRange?.kind).toBe("LimitRange");
    expect(quota?.kind).toBe("ResourceQuota");
    expect(quota?.metadata.namespace).toBe("default");
  });

  it("spend exactly the learner's room of the environment budget", () => {
    expect(quantityMiB(NAMESPACE_QUOTA["limits.memory"]!) * MiB).toBe(LEARNER_MEMORY);
  });

  it("fit more default pods than any lab runs at once (five replicas, a rollout, probes)", () => {
    const pods =
      quantityMiB(NAMESPACE_QUOTA["limits.memory"]!) / quantityMiB(CONTAINER_LIMITS.default.memory);
    expect(pods).toBeGreaterThanOrEqual(12);
    expect(Number(NAMESPACE_QUOTA.pods)).toBeGreaterThanOrEqual(12);
  });

  it("cap one container below the whole room", () => {
    expect(quantityMiB(CONTAINER_LIMITS.max.memory)).toBeLessThan(
      quantityMiB(NAMESPACE_QUOTA["limits.memory"]!),
    );
  });
});
