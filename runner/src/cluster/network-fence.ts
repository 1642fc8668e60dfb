import os from "node:os";
import path from "node:path";
import { lock } from "proper-lockfile";
import { env } from "../env.ts";
import { docker } from "../util/docker.ts";
import type { FencedNetwork } from "./fence-rules.ts";
import { FenceUnavailableError, IptablesNetworkFence } from "./iptables-network-fence.ts";
import { OWNER, OWNER_LABEL } from "./labels.ts";

/** What the host's rules hold, read back from the host. */
export interface FenceStatus {
  /** Bridges whose containers are fenced in. */
  bridges: string[];
  /** Whether the host's own chains still jump to the fence (an engine restart may rebuild them). */
  hooked: boolean;
}

/**
 * The host's firewall around learner containers: they reach their own cluster's network
 * (nodes, load-balancer addresses, ingress, the image mirror) and nothing else — not the
 * host, not another environment, not link-local addresses, not the outside.
 */
export interface NetworkFence {
  /** Fences exactly these networks, idempotently; with none, removes every rule and chain. */
  apply(networks: readonly FencedNetwork[]): Promise<void>;
  status(): Promise<FenceStatus>;
}

/** Every bridge network Kindling made, whichever process or checkout made it. */
export async function kindlingNetworks(): Promise<FencedNetwork[]> {
  const engine = await docker();
  const networks = await engine.listNetworks({
    filters: { label: [`${OWNER_LABEL}=${OWNER}`], driver: ["bridge"] },
  });
  return networks.map((n) => ({
    name: n.Name,
    bridge: n.Options?.["com.docker.network.bridge.name"] ?? `br-${n.Id.slice(0, 12)}`,
  }));
}

// iptables is one per host, shared by every runner, CLI and test process on it, so the
// lock is too: listing the networks and writing the rules must not interleave, or a
// process that listed before another's network existed could write that network's rules away.
const LOCK_DIR = os.tmpdir();
const LOCK_FILE = path.join(LOCK_DIR, "kindling-network-fence.lock");

async function withHostLock<T>(work: () => Promise<T>): Promise<T> {
  const release = await lock(LOCK_DIR, {
    lockfilePath: LOCK_FILE,
    retries: { retries: 60, minTimeout: 200, maxTimeout: 1000 },
    stale: 30_000,
  });
  try {
    return await work();
  } finally {
    await release();
  }
}

export interface SyncOptions {
  /**
   * "install" (a network was created, or the runner starts) fails when the fence cannot be
   * installed; "tidy" (a network was deleted) has nothing to remove on a host without iptables.
   */
  mode: "install" | "tidy";
  fence?: NetworkFence;
  /** Which networks to fence; every Kindling network on the host by default. */
  networks?: () => Promise<FencedNetwork[]>;
}

/**
 * Makes the host's rules match the Kindling networks that exist now: called when a
 * cluster's network is created or deleted and when the runner starts, so rules an engine
 * restart or reboot dropped come back, and the chains go with the last environment.
 */
export async function syncNetworkFence(options: SyncOptions): Promise<FencedNetwork[]> {
  if (env.KINDLING_NETWORK_FENCE === "off") return [];
  const fence = options.fence ?? new IptablesNetworkFence();
  const list = options.networks ?? kindlingNetworks;
  try {
    return await withHostLock(async () => {
      const networks = await list();
      await fence.apply(networks);
      return networks;
    });
  } catch (error) {
    if (options.mode === "tidy" && error instanceof FenceUnavailableError) return [];
    throw error;
  }
}

/**
 * At runner start. Environments outlive the runner, and an engine restart or a reboot may
 * have dropped the host's rules: fence what exists before serving. A runner may start
 * before the engine does (it waits for it); the fence then comes with the first cluster.
 */
export async function fenceAtRunnerStart(log: (line: string) => void): Promise<void> {
  if (env.KINDLING_NETWORK_FENCE === "off") {
    log("network fence off (KINDLING_NETWORK_FENCE=off): learner containers can reach the host");
    return;
  }
  try {
    await docker();
  } catch (error) {
    log(`network fence deferred to the first cluster: ${(error as Error).message}`);
    return;
  }
  const fenced = await syncNetworkFence({ mode: "install" });
  log(`network fence installed around ${fenced.length} Kindling network(s)`);
}
