import { describe, expect, it } from "vitest";
import { resourceCheckSchema } from "./check-format.ts";

const check = (endpoints: unknown) => ({
  id: "endpoints-on-9090",
  kind: "resource",
  description: "Service kubia sends its http port to 3 ready endpoints on 9090",
  resource: { apiVersion: "v1", kind: "Service", name: "kubia" },
  endpoints,
});

describe("resource checks on endpoints by port", () => {
  it("accepts a port by name, by number, or both", () => {
    for (const port of [{ name: "http" }, { number: 9090 }, { name: "http", number: 9090 }])
      expect(resourceCheckSchema.safeParse(check({ ready: { min: 3 }, port })).success).toBe(true);
  });

  it("rejects an empty port filter and unknown fields", () => {
    expect(resourceCheckSchema.safeParse(check({ ready: { min: 3 }, port: {} })).success).toBe(
      false,
    );
    expect(
      resourceCheckSchema.safeParse(check({ ready: { min: 3 }, port: { targetPort: 9090 } }))
        .success,
    ).toBe(false);
  });

  it("still reads endpoints on a Service only", () => {
    const onPod = {
      ...check({ ready: { min: 1 }, port: { name: "http" } }),
      resource: { apiVersion: "v1", kind: "Pod", name: "kubia" },
    };
    expect(resourceCheckSchema.safeParse(onPod).success).toBe(false);
  });
});
