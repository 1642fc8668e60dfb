import type { EnvironmentDriver } from "./environment-driver.ts";
import type { EnvironmentPrerequisites } from "./session-manager.ts";
import type { SessionRecord } from "./session-record.ts";
import type { RunnerState } from "./session-store.ts";
import type { WarmPool } from "./warm-pool.ts";

/**
 * What the SessionManager lends its background duties (pool-filler.ts, session-reaper.ts,
 * session-reconciler.ts): its state and the few operations they share with it, so each
 * duty is its own module without a second copy of how a session ends or a name is made.
 */
export interface SessionHost {
  readonly state: RunnerState;
  readonly pool: WarmPool;
  readonly driver: EnvironmentDriver;
  readonly prerequisites?: EnvironmentPrerequisites;
  readonly maxEnvironments: number;
  now(): number;
  log(line: string): void;
  /** False once the manager stops: background work winds down. */
  running(): boolean;
  environmentsInUse(): number;
  /** `k<runner id>`, the prefix of every environment this runner names. */
  prefix(): string;
  newEnvironmentName(): string;
  labels(extra: Record<string, string>): Record<string, string>;
  finish(session: SessionRecord, state: "ended" | "failed", reason: string): Promise<void>;
  destroyQuietly(name: string): Promise<void>;
  save(): Promise<void>;
  /** Whether learner activity changed the state since the last save (the reaper saves it). */
  isDirty(): boolean;
}
