import { afterEach, describe, expect, it, vi } from "vitest";
import type { FencedNetwork } from "./fence-rules.ts";
import { FenceUnavailableError, IptablesNetworkFence } from "./iptables-network-fence.ts";
import { type NetworkFence, syncNetworkFence } from "./network-fence.ts";

const a: FencedNetwork = { name: "kindling-a", bridge: "br-aaaaaaaaaaaa" };

/** A fence that records what it was asked to fence. */
function recording(): NetworkFence & { applied: FencedNetwork[][] } {
  const applied: FencedNetwork[][] = [];
  return {
    applied,
    async apply(networks) {
      applied.push([...networks]);
    },
    async status() {
      return { bridges: [], hooked: false };
    },
  };
}

// A host without iptables, without touching this host's: commands that do not exist.
const missing = new IptablesNetworkFence(
  { forward: "KLT-UNIT", input: "KLT-UNIT-IN" },
  {
    ipv4: { cli: "kindling-no-iptables", restore: "kindling-no-iptables-restore" },
    ipv6: { cli: "kindling-no-ip6tables", restore: "kindling-no-ip6tables-restore" },
  },
);

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("syncNetworkFence", () => {
  it("fences exactly the networks that exist, and none once they are gone", async () => {
    const fence = recording();
    await syncNetworkFence({ mode: "install", fence, networks: async () => [a] });
    await syncNetworkFence({ mode: "tidy", fence, networks: async () => [] });
    expect(fence.applied).toEqual([[a], []]);
  });

  it("names what to install, and how to opt out, when the host has no iptables", async () => {
    const install = syncNetworkFence({
      mode: "install",
      fence: missing,
      networks: async () => [a],
    });
    await expect(install).rejects.toThrow(FenceUnavailableError);
    await expect(install).rejects.toThrow(
      /needs kindling-no-iptables.*apt-get install iptables.*KINDLING_NETWORK_FENCE=off/,
    );
  });

  it("has nothing to tidy on a host with no iptables", async () => {
    await expect(
      syncNetworkFence({ mode: "tidy", fence: missing, networks: async () => [a] }),
    ).resolves.toEqual([]);
  });

  it("does nothing at all with KINDLING_NETWORK_FENCE=off", async () => {
    vi.stubEnv("KINDLING_NETWORK_FENCE", "off");
    vi.resetModules();
    const fresh = await import("./network-fence.ts");
    const fence = recording();
    await fresh.syncNetworkFence({ mode: "install", fence, networks: async () => [a] });
    expect(fence.applied).toEqual([]);
  });

  it("accepts only on and off", async () => {
    const { loadRunnerEnv } = await import("../env.ts");
    const without = { ...process.env, KINDLING_NETWORK_FENCE: undefined };
    expect(loadRunnerEnv(without).KINDLING_NETWORK_FENCE).toBe("on");
    expect(() => loadRunnerEnv({ ...without, KINDLING_NETWORK_FENCE: "no" })).toThrow(
      /KINDLING_NETWORK_FENCE/,
    );
  });
});
