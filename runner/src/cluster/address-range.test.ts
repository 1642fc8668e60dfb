import { describe, expect, it } from "vitest";
import { loadBalancerRange } from "./address-range.ts";

describe("loadBalancerRange", () => {
  it("takes the top of a /16 below the broadcast address", () => {
    expect(loadBalancerRange("172.18.0.0/16")).toBe("172.18.255.223-172.18.255.254");
  });

  it("works for Docker's /20 pools", () => {
    expect(loadBalancerRange("192.168.16.0/20", 16)).toBe("192.168.31.239-192.168.31.254");
  });

  it("refuses a subnet too small to share", () => {
    expect(() => loadBalancerRange("10.0.0.0/28")).toThrow(/too small/);
  });
});
