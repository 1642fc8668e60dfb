import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import type { WorkSnapshot } from "../protocol/resume-api.ts";
import type {
  CapacityView,
  CreateSessionRequest,
  ImageSupplyView,
  SessionView,
} from "../protocol/runner-api.ts";
import type { Tty, TtySize } from "../environment/workstation-tty.ts";
import type { EnvironmentDriver } from "./environment-driver.ts";
import type { SessionEnvironment } from "./session-environment.ts";
import { type LabPlan, planLab } from "./lab-setup.ts";
import { PoolFiller } from "./pool-filler.ts";
import { type SessionLimits, expiryOf, extendedDeadline, phaseAt } from "./session-expiry.ts";
import type { SessionHost } from "./session-host.ts";
import { RUNNER_LABEL, SESSION_LABEL } from "./session-labels.ts";
import { canMove, moveTo } from "./session-lifecycle.ts";
import { reapSessions } from "./session-reaper.ts";
import { reconcileSessions } from "./session-reconciler.ts";
import { isLive, type SessionRecord } from "./session-record.ts";
import { SessionError } from "./session-error.ts";
import type { RunnerState, RunnerStateStore } from "./session-store.ts";
import { type Topology, topologyKey } from "./topology.ts";
import { WarmPool } from "./warm-pool.ts";
import { type WorkKeeper, WorkKeeping } from "./work-keeping.ts";

/** What environments need before the first one can be made (the Docker image set). */
export interface EnvironmentPrerequisites {
  readonly state: ImageSupplyView;
  whenReady(progress?: (step: string) => void): Promise<void>;
}

export interface SessionManagerOptions {
  store: RunnerStateStore;
  driver: EnvironmentDriver;
  /** Awaited before making an environment; absent when the driver needs nothing. */
  prerequisites?: EnvironmentPrerequisites;
  labsDir: string;
  limits: SessionLimits;
  maxEnvironments: number;
  poolTargets: ReadonlyMap<string, number>;
  reapIntervalMs?: number;
  /** Keeps learners' work for Resume; absent, nothing is kept. */
  keeper?: WorkKeeper;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * Sessions, their environments and the warm pool. A session's states and moves are in
 * session-lifecycle.ts; pool filling, reaping and reconciling are their own modules,
 * run with the SessionHost this class lends them. Emits `environment-gone` (session id)
 * when a session's environment stops serving it, so terminals close instead of hanging.
 */
export class SessionManager extends EventEmitter<{ "environment-gone": [string] }> {
  private state!: RunnerState;
  private pool!: WarmPool;
  private reaper?: NodeJS.Timeout;
  private filler!: PoolFiller;
  private unreconciled = false;
  private dirty = false;
  private readonly background = new Set<Promise<unknown>>();
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly keeping?: WorkKeeping;

  constructor(private readonly options: SessionManagerOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
    if (options.keeper) this.keeping = new WorkKeeping(options.keeper, this.log, this.now);
  }

  /** Loads state, reconciles it with the engine, then starts the reaper and fills the pool. */
  async start(): Promise<this> {
    this.state = await this.options.store.load();
    this.pool = new WarmPool(this.state.pool, this.options.poolTargets);
    this.filler = new PoolFiller(this.host());
    try {
      await reconcileSessions(this.host());
    } catch (error) {
      // The engine is down: serve what needs no environment, and reconcile when it is back.
      this.unreconciled = true;
      this.log(`cannot look at environments yet: ${(error as Error).message.split("\n")[0]}`);
    }
    const interval = this.options.reapIntervalMs ?? 15_000;
    this.reaper = setInterval(() => void this.reap(), interval);
    this.reaper.unref();
    this.fillPool();
    return this;
  }

  /** Environments can be made again (the engine is back, the images are built). */
  async environmentsAvailable(): Promise<void> {
    if (this.unreconciled) {
      await reconcileSessions(this.host());
      this.unreconciled = false;
    }
    this.fillPool();
  }

  /** Stops timers and waits for work in flight; environments stay for the next start. */
  async stop(): Promise<void> {
    clearInterval(this.reaper);
    this.reaper = undefined;
    await Promise.allSettled([...this.background]);
    await this.save();
  }

  /** Resolves when no provisioning, reset or pool work is in flight (tests, the bench). */
  async whenIdle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  get runnerId(): string {
    return this.state.runnerId;
  }

  async create(request: CreateSessionRequest): Promise<SessionView> {
    const plan = await planLab(this.options.labsDir, request.labSlug);
    const prerequisites = this.options.prerequisites?.state;
    if (prerequisites?.phase === "docker-unavailable")
      throw new SessionError("unavailable", prerequisites.message);
    const topology = topologyKey(plan.topology);
    const now = this.now();
    const session: SessionRecord = {
      id: `s${randomBytes(10).toString("hex")}`,
      labSlug: plan.slug,
      userId: request.userId,
      topology,
      state: "provisioning",
      progress: [],
      fromPool: false,
      createdAt: now,
      lastActivityAt: now,
      deadlineAt: now + this.options.limits.sessionMs,
    };
    const pooled = this.pool.take(topology);
    if (pooled) {
      session.environment = pooled.environment;
      session.fromPool = true;
      this.step(session, "taking a ready environment from the warm pool");
    } else {
      // The runner's own limit first: it needs no one's answer, and names the runner.
      this.refuseAtLimit(topology);
      await this.refuseWithoutRoom(plan.topology, topology);
      this.makeRoom(topology);
      session.environment = this.newEnvironmentName();
    }
    this.state.sessions.push(session);
    // Written before any container exists: a crash from here on leaves a name to reap.
    await this.save();
    this.track(
      this.provision(session, plan, { create: !pooled, firstTime: true, resume: request.resume }),
    );
    if (pooled) this.fillPool();
    return this.view(session);
  }

  get(id: string): SessionRecord {
    const session = this.state.sessions.find((s) => s.id === id);
    if (!session) throw new SessionError("unknown_session", `no session "${id}"`);
    return session;
  }

  view(session: SessionRecord): SessionView {
    const iso = (t?: number) => (t === undefined ? undefined : new Date(t).toISOString());
    const serving = session.state === "ready";
    const expiry = serving ? expiryOf(session, this.options.limits) : undefined;
    const warning = serving && phaseAt(session, this.now(), this.options.limits) !== "active";
    return {
      id: session.id,
      labSlug: session.labSlug,
      userId: session.userId,
      state: warning ? "expiring" : session.state,
      progress: session.progress.map((p) => ({ step: p.step, at: iso(p.at)! })),
      reason: session.reason,
      fromPool: session.fromPool,
      createdAt: iso(session.createdAt)!,
      readyAt: iso(session.readyAt),
      endedAt: iso(session.endedAt),
      expiresAt: iso(expiry?.at),
      expiresBecause: expiry?.because,
      snapshotAt: iso(session.snapshotAt),
      restore: session.restore,
    };
  }

  list(): SessionRecord[] {
    return [...this.state.sessions];
  }

  /** Learner activity (terminal input, checks) keeps the idle limit away. */
  touch(id: string): void {
    const session = this.state.sessions.find((s) => s.id === id);
    if (session && isLive(session)) {
      session.lastActivityAt = this.now();
      this.dirty = true;
    }
  }

  /** After a Check or an Apply: the learner's work is kept in the background. */
  keepWorkSoon(id: string): void {
    const session = this.state.sessions.find((s) => s.id === id);
    const track = (work: Promise<unknown>) => this.track(work.then(() => (this.dirty = true)));
    if (session) this.keeping?.keepSoon(session, track);
  }

  /** The learner's last kept work, ended sessions' too (until the runner forgets them). */
  async snapshot(id: string): Promise<WorkSnapshot> {
    this.get(id);
    const kept = await this.keeping?.read(id);
    if (!kept) throw new SessionError("not_found", `no work has been kept for session "${id}"`);
    return kept;
  }

  async extend(id: string): Promise<SessionView> {
    const session = this.liveSession(id);
    const now = this.now();
    session.deadlineAt = extendedDeadline(session, now, this.options.limits);
    session.lastActivityAt = now;
    await this.save();
    return this.view(session);
  }

  /** Back to the lab's starting state: a fresh environment (pooled if one is ready). */
  async reset(id: string): Promise<SessionView> {
    const session = this.liveSession(id);
    if (!canMove(session.state, "resetting"))
      throw new SessionError(
        "conflict",
        `session "${id}" is ${session.state}; wait until it is ready`,
      );
    const plan = await planLab(this.options.labsDir, session.labSlug);
    const old = session.environment;
    moveTo(session, "resetting");
    session.progress = [];
    session.readyAt = undefined;
    const pooled = this.pool.take(session.topology);
    session.fromPool = Boolean(pooled);
    session.environment = pooled?.environment ?? this.newEnvironmentName();
    this.step(
      session,
      pooled ? "taking a ready environment from the warm pool" : "removing the old environment",
    );
    await this.save();
    if (old) this.emit("environment-gone", id);
    this.track(
      (async () => {
        // Without a pooled replacement the old one goes first, so a reset never needs a
        // second environment's worth of memory.
        if (old && !pooled) await this.destroyQuietly(old);
        if (old && pooled) this.track(this.destroyQuietly(old));
        await this.provision(session, plan, { create: !pooled, firstTime: false });
      })(),
    );
    if (pooled) this.fillPool();
    return this.view(session);
  }

  /**
   * Restores a ready session in place (Reset step): the session is `resetting` while `work`
   * runs in the background with a progress callback, then ready again; a failure fails the
   * session with its reason, as provisioning does.
   */
  async resetInPlace(
    id: string,
    firstStep: string,
    work: (environment: string, progress: (step: string) => void) => Promise<void>,
  ): Promise<SessionView> {
    const session = this.liveSession(id);
    const environment = session.environment;
    if (!canMove(session.state, "resetting") || !environment)
      throw new SessionError(
        "conflict",
        `session "${id}" is ${session.state}; wait until it is ready`,
      );
    moveTo(session, "resetting");
    session.progress = [];
    this.step(session, firstStep);
    await this.save();
    const stillWanted = () => session.state === "resetting" && session.environment === environment;
    this.track(
      (async () => {
        try {
          await work(environment, (step) => {
            if (stillWanted()) this.step(session, step);
          });
          if (!stillWanted()) return;
          this.step(session, "ready");
          moveTo(session, "ready");
          session.lastActivityAt = this.now();
          await this.save();
        } catch (error) {
          this.log(`session ${session.id}: reset failed: ${(error as Error).message}`);
          if (stillWanted())
            await this.finish(
              session,
              "failed",
              `the step could not be reset: ${(error as Error).message.split("\n")[0]}`,
            );
        }
      })(),
    );
    return this.view(session);
  }

  async end(id: string, reason = "ended by request"): Promise<SessionView> {
    const session = this.get(id);
    if (!isLive(session)) return this.view(session);
    await this.finish(session, "ended", reason);
    return this.view(session);
  }

  /** The workstation serving a session's terminals; refuses sessions that are not ready. */
  async workstationOf(id: string): Promise<string> {
    const session = this.get(id);
    if (session.state !== "ready" || !session.environment) {
      throw new SessionError("conflict", `session "${id}" is ${session.state}, not ready`);
    }
    const workstation = await this.options.driver.workstationId(session.environment);
    if (!workstation) {
      await this.finish(session, "failed", "the environment vanished; start the lab again");
      throw new SessionError("conflict", `session "${id}" lost its environment`);
    }
    return workstation;
  }

  /** A ready session's environment, for Check, Apply and the editor's schema. */
  async environmentOf(id: string): Promise<SessionEnvironment> {
    await this.workstationOf(id);
    return this.options.driver.attach(this.get(id).environment!);
  }

  /** An environment by name, whatever its session's state (Reset step works on one). */
  attach(environment: string): Promise<SessionEnvironment> {
    return this.options.driver.attach(environment);
  }

  /** A terminal tab's program in a ready session's workstation. */
  async openTty(id: string, command: string[], size: TtySize): Promise<Tty> {
    return this.options.driver.openTty(await this.workstationOf(id), command, size);
  }

  capacity(): CapacityView {
    const inUse = this.environmentsInUse();
    return {
      maxEnvironments: this.options.maxEnvironments,
      inUse,
      available: Math.max(0, this.options.maxEnvironments - inUse),
      pool: this.pool.summary(),
    };
  }

  private environmentsInUse(): number {
    return this.state.sessions.filter(isLive).length + this.state.pool.length;
  }

  /**
   * A backend without room for a new environment (a full host cluster) refuses at once,
   * unless a pooled environment of another topology can give way for it.
   */
  private async refuseWithoutRoom(topology: Topology, key: string): Promise<void> {
    let problem: string | undefined;
    try {
      problem = await this.options.driver.roomProblem?.(topology);
    } catch (error) {
      throw new SessionError(
        "unavailable",
        `could not tell whether there is room for a lab environment: ${(error as Error).message}`,
      );
    }
    if (!problem) return;
    const evicted = this.pool.evictable(key);
    if (!evicted) throw new SessionError("at_capacity", problem);
    this.log(
      `pool: giving up ${evicted.environment} (${evicted.topology}) to make room for a ${key} session`,
    );
    this.track(this.destroyQuietly(evicted.environment));
  }

  private atLimit(): SessionError {
    return new SessionError(
      "at_capacity",
      `all ${this.options.maxEnvironments} lab environments on this runner are in use; try again in a few minutes`,
    );
  }

  /** At the limit with no pooled environment of another topology to give way: 503. */
  private refuseAtLimit(topology: string): void {
    if (this.environmentsInUse() >= this.options.maxEnvironments && !this.pool.canEvict(topology))
      throw this.atLimit();
  }

  /** At the limit, a pooled environment of another topology gives way; otherwise 503. */
  private makeRoom(topology: string): void {
    if (this.environmentsInUse() < this.options.maxEnvironments) return;
    const evicted = this.pool.evictable(topology);
    if (!evicted) throw this.atLimit();
    this.log(
      `pool: giving up ${evicted.environment} (${evicted.topology}) for a ${topology} session`,
    );
    this.track(this.destroyQuietly(evicted.environment));
  }

  private liveSession(id: string): SessionRecord {
    const session = this.get(id);
    if (!isLive(session))
      throw new SessionError("conflict", `session "${id}" has ${session.state}; start a new one`);
    return session;
  }

  private async provision(
    session: SessionRecord,
    plan: LabPlan,
    { create, firstTime, resume }: { create: boolean; firstTime: boolean; resume?: WorkSnapshot },
  ): Promise<void> {
    const environment = session.environment!;
    const stillWanted = () => isLive(session) && session.environment === environment;
    try {
      if (create) {
        await this.options.prerequisites?.whenReady((step) => {
          if (!stillWanted()) return;
          // The image build's figures replace each other: one line that counts down.
          const last = session.progress.at(-1);
          if (last?.step.startsWith("waiting for the lab images")) last.step = step;
          else this.step(session, step);
          void this.save();
        });
        if (!stillWanted()) return;
        await this.options.driver.create(
          environment,
          plan.topology,
          this.labels({ [SESSION_LABEL]: session.id }),
          (step) => {
            if (!stillWanted()) return;
            this.step(session, step);
            void this.save();
          },
        );
      }
      if (!stillWanted()) return await this.destroyQuietly(environment);
      if (plan.setup.length > 0) {
        this.step(session, "applying the lab's starting state");
        await this.options.driver.applySetup(environment, plan.setup);
      }
      if (resume && this.keeping) {
        this.step(session, "putting your work back");
        session.restore = await this.keeping.restore(environment, resume);
      }
      if (!stillWanted()) return await this.destroyQuietly(environment);
      const now = this.now();
      this.step(session, "ready");
      moveTo(session, "ready");
      session.readyAt = now;
      session.lastActivityAt = now;
      // The clock starts when the learner can work, not while they wait for a cluster.
      if (firstTime)
        session.deadlineAt = Math.min(
          now + this.options.limits.sessionMs,
          session.createdAt + this.options.limits.maxMs,
        );
      await this.save();
    } catch (error) {
      this.log(`session ${session.id}: provisioning failed: ${(error as Error).message}`);
      if (stillWanted()) {
        await this.finish(
          session,
          "failed",
          `the lab environment could not be prepared: ${(error as Error).message.split("\n")[0]}`,
        );
      } else await this.destroyQuietly(environment);
    }
  }

  private async finish(session: SessionRecord, state: "ended" | "failed", reason: string) {
    const environment = session.environment;
    const serving = session.state === "ready";
    moveTo(session, state);
    session.reason = reason;
    session.endedAt = this.now();
    this.step(session, state === "ended" ? "ending" : "failed");
    this.emit("environment-gone", session.id);
    // The last chance to keep the learner's work: the environment goes next.
    if (serving && environment && state === "ended") await this.keeping?.keep(session, environment);
    await this.save();
    if (environment) await this.destroyQuietly(environment);
    this.fillPool();
  }

  /** Ends sessions past their limits (session-reaper.ts); the timer's tick. */
  private async reap(): Promise<void> {
    await reapSessions(this.host(), this.options.limits);
    if (!this.keeping) return;
    if (await this.keeping.keepDue(this.state.sessions)) await this.save();
  }

  /** Fills the warm pool in the background (pool-filler.ts); a fill already running suffices. */
  private fillPool(): void {
    const work = this.filler.fill();
    if (work) this.track(work);
  }

  /** What the background duties may use; built per call, so it always sees current state. */
  private host(): SessionHost {
    return {
      state: this.state,
      pool: this.pool,
      driver: this.options.driver,
      prerequisites: this.options.prerequisites,
      maxEnvironments: this.options.maxEnvironments,
      now: this.now,
      log: this.log,
      running: () => this.reaper !== undefined,
      environmentsInUse: () => this.environmentsInUse(),
      prefix: () => this.prefix(),
      newEnvironmentName: () => this.newEnvironmentName(),
      labels: (extra) => this.labels(extra),
      finish: (session, state, reason) => this.finish(session, state, reason),
      destroyQuietly: (name) => this.destroyQuietly(name),
      save: () => this.save(),
      isDirty: () => this.dirty,
    };
  }

  private labels(extra: Record<string, string>): Record<string, string> {
    return { [RUNNER_LABEL]: this.state.runnerId, ...extra };
  }

  private prefix(): string {
    return `k${this.state.runnerId}`;
  }

  private newEnvironmentName(): string {
    return `${this.prefix()}-${randomBytes(4).toString("hex")}`;
  }

  private step(session: SessionRecord, step: string): void {
    session.progress.push({ step, at: this.now() });
  }

  private async destroyQuietly(name: string): Promise<void> {
    try {
      await this.options.driver.destroy(name);
    } catch (error) {
      this.log(`could not remove environment ${name}: ${(error as Error).message}`);
    }
  }

  private track(work: Promise<unknown>): void {
    this.background.add(work);
    void work.finally(() => this.background.delete(work));
  }

  private async save(): Promise<void> {
    this.dirty = false;
    await this.options.store.save(this.state);
  }
}
