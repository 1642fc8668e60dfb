import { existsSync } from "node:fs";
import { run } from "../util/run.ts";
import {
  FENCE_CHAINS,
  type FenceChains,
  type FencedNetwork,
  fenceRules,
  fencedBridges,
  type IpFamily,
  restoreScript,
} from "./fence-rules.ts";
import type { FenceStatus, NetworkFence } from "./network-fence.ts";

/** The fence cannot be installed on this host: no iptables, or not allowed to change it. */
export class FenceUnavailableError extends Error {}

export type IptablesTools = Record<IpFamily, { cli: string; restore: string }>;

const TOOLS: IptablesTools = {
  ipv4: { cli: "iptables", restore: "iptables-restore" },
  ipv6: { cli: "ip6tables", restore: "ip6tables-restore" },
};

const HOW_TO_FIX =
  "install iptables (on Debian: apt-get install iptables) and run the runner as root, " +
  "or set KINDLING_NETWORK_FENCE=off to run learner containers without the fence";

// With both backends in use, iptables-nft adds a warning to every command's stderr.
const clean = (stderr: string) =>
  stderr
    .split("\n")
    .filter((line) => line.trim() && !line.startsWith("# Warning"))
    .join("\n");

/**
 * The fence in the host's iptables (IPv4, and IPv6 when the kernel has it: containers of
 * a privileged node could turn IPv6 on and reach the host's link-local address). Forwarded
 * traffic is filtered from Docker's DOCKER-USER chain, which Docker evaluates before its
 * own rules and never fills itself; traffic to the host from INPUT. Each sync re-checks both
 * jumps, so rules lost to an engine restart come back on the next cluster or runner start.
 */
export class IptablesNetworkFence implements NetworkFence {
  constructor(
    private readonly chains: FenceChains = FENCE_CHAINS,
    private readonly tools: IptablesTools = TOOLS,
  ) {}

  async apply(networks: readonly FencedNetwork[]): Promise<void> {
    for (const family of this.families()) {
      if (networks.length === 0) await this.remove(family);
      else await this.install(family, networks);
    }
  }

  async status(): Promise<FenceStatus> {
    const listing = await this.tool("ipv4", ["-S", this.chains.forward], true);
    if (listing.code !== 0) return { bridges: [], hooked: false };
    const hook = await this.forwardHook("ipv4");
    const hooked =
      (await this.has("ipv4", hook, this.chains.forward)) &&
      (await this.has("ipv4", "INPUT", this.chains.input));
    return { bridges: fencedBridges(listing.stdout), hooked };
  }

  private families(): IpFamily[] {
    return existsSync("/proc/net/if_inet6") ? ["ipv4", "ipv6"] : ["ipv4"];
  }

  private async install(family: IpFamily, networks: readonly FencedNetwork[]): Promise<void> {
    // Chains first, full, then the jumps to them: the host never jumps into a half-made fence.
    await this.run(family, this.tools[family].restore, ["--noflush"], {
      input: restoreScript(fenceRules(networks, family), this.chains),
    });
    const hook = await this.forwardHook(family);
    for (const other of ["DOCKER-USER", "FORWARD"].filter((c) => c !== hook))
      await this.unhook(family, other, this.chains.forward);
    await this.hook(family, hook, this.chains.forward);
    await this.hook(family, "INPUT", this.chains.input);
  }

  private async remove(family: IpFamily): Promise<void> {
    for (const [from, to] of [
      ["DOCKER-USER", this.chains.forward],
      ["FORWARD", this.chains.forward],
      ["INPUT", this.chains.input],
    ] as const)
      await this.unhook(family, from, to);
    for (const chain of [this.chains.forward, this.chains.input]) {
      if ((await this.tool(family, ["-S", chain], true)).code !== 0) continue;
      await this.tool(family, ["-F", chain]);
      await this.tool(family, ["-X", chain]);
    }
  }

  /** DOCKER-USER when Docker manages the host's forwarding (IPv4 as a rule), else FORWARD. */
  private async forwardHook(family: IpFamily): Promise<string> {
    const docker =
      (await this.tool(family, ["-S", "DOCKER-USER"], true)).code === 0 &&
      (await this.has(family, "FORWARD", "DOCKER-USER"));
    return docker ? "DOCKER-USER" : "FORWARD";
  }

  private async has(family: IpFamily, from: string, to: string): Promise<boolean> {
    return (await this.tool(family, ["-C", from, "-j", to], true)).code === 0;
  }

  private async hook(family: IpFamily, from: string, to: string): Promise<void> {
    if (!(await this.has(family, from, to))) await this.tool(family, ["-I", from, "1", "-j", to]);
  }

  private async unhook(family: IpFamily, from: string, to: string): Promise<void> {
    // A jump inserted twice (by hand, or by an older runner) is removed as well.
    for (let i = 0; i < 8 && (await this.has(family, from, to)); i += 1)
      await this.tool(family, ["-D", from, "-j", to]);
  }

  private tool(family: IpFamily, args: string[], mayFail = false) {
    return this.run(family, this.tools[family].cli, ["-w", ...args], { mayFail });
  }

  private async run(
    family: IpFamily,
    command: string,
    args: string[],
    options: { input?: string; mayFail?: boolean },
  ) {
    let result;
    try {
      result = await run(command, args, { input: options.input });
    } catch {
      throw new FenceUnavailableError(
        `the network fence needs ${command}, which is not on this host's PATH: ${HOW_TO_FIX}`,
      );
    }
    const stderr = clean(result.stderr);
    if (result.code !== 0 && /denied|must be root|not permitted/i.test(stderr)) {
      throw new FenceUnavailableError(
        `the network fence cannot change the host's ${family} rules (${stderr}): ${HOW_TO_FIX}`,
      );
    }
    if (result.code !== 0 && !options.mayFail) {
      throw new Error(`${command} ${args.join(" ")} exited with ${result.code}: ${stderr}`);
    }
    return result;
  }
}
