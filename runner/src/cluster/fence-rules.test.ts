import { describe, expect, it } from "vitest";
import { fencedBridges, fenceRules, restoreScript } from "./fence-rules.ts";

const a = { name: "kindling-a", bridge: "br-aaaaaaaaaaaa" };
const b = { name: "kindling-b", bridge: "br-bbbbbbbbbbbb" };

describe("fenceRules", () => {
  it("lets a bridge talk to itself and answer, and refuses everything else it starts", () => {
    const { forward, input } = fenceRules([a], "ipv4");
    const text = (rules: string[][]) => rules.map((r) => r.join(" "));
    expect(text(forward)).toEqual([
      "-i br-aaaaaaaaaaaa -o br-aaaaaaaaaaaa -m comment --comment kindling-a -j RETURN",
      "-i br-aaaaaaaaaaaa -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment kindling-a -j RETURN",
      "-i br-aaaaaaaaaaaa -p tcp -m comment --comment kindling-a -j REJECT --reject-with tcp-reset",
      "-i br-aaaaaaaaaaaa -m comment --comment kindling-a -j REJECT --reject-with icmp-port-unreachable",
    ]);
    // Nothing a container starts towards the host itself is let through: only replies.
    expect(text(input)).toEqual([
      "-i br-aaaaaaaaaaaa -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment kindling-a -j RETURN",
      "-i br-aaaaaaaaaaaa -p tcp -m comment --comment kindling-a -j REJECT --reject-with tcp-reset",
      "-i br-aaaaaaaaaaaa -m comment --comment kindling-a -j REJECT --reject-with icmp-port-unreachable",
    ]);
  });

  it("never lets one Kindling bridge forward into another", () => {
    const { forward } = fenceRules([a, b], "ipv4");
    const passes = forward.filter((r) => r.at(-1) === "RETURN" && !r.includes("conntrack"));
    for (const rule of passes) expect(rule[1]).toBe(rule[3]);
    expect(passes).toHaveLength(2);
  });

  it("is the same whatever order the networks come in, so a sync that changes nothing is a no-op", () => {
    expect(fenceRules([b, a], "ipv4")).toEqual(fenceRules([a, b], "ipv4"));
  });

  it("uses ICMPv6 for IPv6 refusals", () => {
    const { forward } = fenceRules([a], "ipv6");
    expect(forward.at(-1)?.at(-1)).toBe("icmp6-port-unreachable");
  });

  it("refuses names that could smuggle options into the rules", () => {
    expect(() => fenceRules([{ name: "x", bridge: "br-x -j ACCEPT" }], "ipv4")).toThrow(
      /not a bridge interface name/,
    );
    expect(() => fenceRules([{ name: "a b", bridge: "br-x" }], "ipv4")).toThrow(
      /not a network name/,
    );
    expect(() => fenceRules([{ name: "x", bridge: "a-very-long-bridge-name" }], "ipv4")).toThrow();
  });
});

describe("restoreScript", () => {
  it("declares both chains (which empties them) and refills them in one transaction", () => {
    const script = restoreScript(fenceRules([a], "ipv4"));
    const lines = script.trim().split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "*filter",
      ":KINDLING-FENCE - [0:0]",
      ":KINDLING-FENCE-INPUT - [0:0]",
    ]);
    expect(lines.at(-1)).toBe("COMMIT");
    expect(lines.filter((l) => l.startsWith("-A KINDLING-FENCE "))).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith("-A KINDLING-FENCE-INPUT "))).toHaveLength(3);
  });

  it("with no networks still declares the chains, so they exist and are empty", () => {
    expect(restoreScript(fenceRules([], "ipv4"))).toBe(
      "*filter\n:KINDLING-FENCE - [0:0]\n:KINDLING-FENCE-INPUT - [0:0]\nCOMMIT\n",
    );
  });

  it("takes other chain names (tests use their own) but refuses odd ones", () => {
    expect(restoreScript({ forward: [], input: [] }, { forward: "T-F", input: "T-I" })).toContain(
      ":T-F - [0:0]",
    );
    expect(() => restoreScript({ forward: [], input: [] }, { forward: "x y", input: "T" })).toThrow(
      /not a chain name/,
    );
  });
});

describe("fencedBridges", () => {
  it("reads the fenced bridges back from `iptables -S CHAIN`", () => {
    const listing = [
      "-N KINDLING-FENCE",
      "-A KINDLING-FENCE -i br-bbbbbbbbbbbb -o br-bbbbbbbbbbbb -m comment --comment kindling-b -j RETURN",
      "-A KINDLING-FENCE -i br-aaaaaaaaaaaa -p tcp -m comment --comment kindling-a -j REJECT --reject-with tcp-reset",
      "",
    ].join("\n");
    expect(fencedBridges(listing)).toEqual(["br-aaaaaaaaaaaa", "br-bbbbbbbbbbbb"]);
    expect(fencedBridges("-N KINDLING-FENCE\n")).toEqual([]);
  });
});
