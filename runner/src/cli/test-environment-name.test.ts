import { describe, expect, it } from "vitest";
import { CLUSTER_NAME } from "../cluster/labels.ts";
import { testEnvironmentName } from "./lab-commands.ts";

describe("testEnvironmentName", () => {
  it("names a lab's proof environment test-<slug>, or <prefix>-<slug>", () => {
    expect(testEnvironmentName("nodeport")).toBe("test-nodeport");
    expect(testEnvironmentName("nodeport", "mine")).toBe("mine-nodeport");
  });

  it("keeps a long name a valid cluster name of at most 32 characters", () => {
    const name = testEnvironmentName("endpoints-and-external-services", "author-two");
    expect(name.length).toBeLessThanOrEqual(32);
    expect(name).toMatch(CLUSTER_NAME);
  });
});
