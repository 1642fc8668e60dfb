import { describe, expect, it } from "vitest";
import { parsePoolSpec, parseTopologyKey, topologyKey } from "./topology.ts";

describe("topology keys", () => {
  it("ignore add-on order and duplicates", () => {
    expect(topologyKey({ workers: 1, addons: ["loadbalancer", "ingress", "ingress"] })).toBe(
      "w1+ingress+loadbalancer",
    );
  });

  it("round-trip", () => {
    expect(parseTopologyKey("w2+loadbalancer")).toEqual({ workers: 2, addons: ["loadbalancer"] });
  });

  it("parse a pool spec and name a bad entry", () => {
    expect([...parsePoolSpec("w0=1, w1+loadbalancer=2")]).toEqual([
      ["w0", 1],
      ["w1+loadbalancer", 2],
    ]);
    expect(() => parsePoolSpec("w1=x")).toThrow(/w1=x/);
    expect(() => parsePoolSpec("w1+dns=1")).toThrow(/unknown add-on "dns"/);
  });
});
