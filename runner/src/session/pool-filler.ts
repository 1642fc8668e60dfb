import type { SessionHost } from "./session-host.ts";
import { POOL_LABEL } from "./session-labels.ts";
import { parseTopologyKey } from "./topology.ts";

/**
 * Makes warm-pool environments one at a time (two cores cannot make two at once quickly)
 * until every topology meets its target or the runner is at its environment limit.
 */
export class PoolFiller {
  private filling = false;

  constructor(private readonly host: SessionHost) {}

  /** Starts filling unless a fill is already running; returns the work, or undefined. */
  fill(): Promise<void> | undefined {
    if (this.filling || !this.host.running()) return undefined;
    this.filling = true;
    return this.run().finally(() => {
      this.filling = false;
    });
  }

  private async run(): Promise<void> {
    const { host } = this;
    if (host.pool.nextToFill()) {
      try {
        await host.prerequisites?.whenReady();
      } catch {
        return; // said by the prerequisites; the pool fills when a later start succeeds
      }
    }
    for (;;) {
      const topology = host.pool.nextToFill();
      if (!topology || host.environmentsInUse() >= host.maxEnvironments) return;
      const environment = host.newEnvironmentName();
      const record = { environment, topology, state: "provisioning" as const };
      host.state.pool.push(record);
      await host.save();
      try {
        await host.driver.create(
          environment,
          parseTopologyKey(topology),
          host.labels({ [POOL_LABEL]: topology }),
          () => {},
        );
        Object.assign(record, { state: "ready", readyAt: host.now() });
        host.log(`pool: ${environment} (${topology}) is ready`);
      } catch (error) {
        host.log(`pool: ${environment} failed: ${(error as Error).message.split("\n")[0]}`);
        host.pool.remove(environment);
        await host.destroyQuietly(environment);
        return;
      } finally {
        await host.save();
      }
      if (!host.running()) return;
    }
  }
}
