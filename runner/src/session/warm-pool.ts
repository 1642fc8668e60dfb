import type { PoolRecord } from "./session-store.ts";

/**
 * Ready-made environments per topology, so a learner gets a terminal in seconds. The
 * records are part of the persisted runner state; this class only decides.
 */
export class WarmPool {
  constructor(
    readonly records: PoolRecord[],
    readonly targets: ReadonlyMap<string, number>,
  ) {}

  /** Removes and returns a ready environment of the topology, if there is one. */
  take(topology: string): PoolRecord | undefined {
    const index = this.records.findIndex((r) => r.topology === topology && r.state === "ready");
    if (index < 0) return undefined;
    return this.records.splice(index, 1)[0];
  }

  /** A ready environment of another topology, to give up when a session needs the room. */
  /** Whether `evictable(keep)` would give one up. */
  canEvict(keep: string): boolean {
    return this.records.some((r) => r.topology !== keep && r.state === "ready");
  }

  evictable(keep: string): PoolRecord | undefined {
    const index = this.records.findIndex((r) => r.topology !== keep && r.state === "ready");
    if (index < 0) return undefined;
    return this.records.splice(index, 1)[0];
  }

  remove(environment: string): void {
    const index = this.records.findIndex((r) => r.environment === environment);
    if (index >= 0) this.records.splice(index, 1);
  }

  /** The topology furthest below its target, or undefined when every target is met. */
  nextToFill(): string | undefined {
    let best: { topology: string; missing: number } | undefined;
    for (const [topology, target] of this.targets) {
      const missing = target - this.records.filter((r) => r.topology === topology).length;
      if (missing > 0 && (!best || missing > best.missing)) best = { topology, missing };
    }
    return best?.topology;
  }

  summary() {
    const topologies = new Set([...this.targets.keys(), ...this.records.map((r) => r.topology)]);
    return [...topologies].sort().map((topology) => {
      const of = this.records.filter((r) => r.topology === topology);
      return {
        topology,
        ready: of.filter((r) => r.state === "ready").length,
        provisioning: of.filter((r) => r.state === "provisioning").length,
        target: this.targets.get(topology) ?? 0,
      };
    });
  }
}
