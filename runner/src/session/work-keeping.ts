import type { RestoreReport, WorkSnapshot } from "../protocol/resume-api.ts";
import type { SessionRecord } from "./session-record.ts";

/**
 * What keeps a learner's work across sessions (resume/snapshot-keeper.ts with real
 * environments): takes a snapshot of an environment, stores it under the session's id,
 * serves it back, and applies one to a fresh environment.
 */
export interface WorkKeeper {
  /** Takes and stores a snapshot; resolves with the time it was taken (epoch ms). */
  take(sessionId: string, environment: string): Promise<number>;
  read(sessionId: string): Promise<WorkSnapshot | undefined>;
  restore(environment: string, snapshot: WorkSnapshot): Promise<RestoreReport>;
  /** Removes the snapshots of sessions the runner no longer knows. */
  forgetAllBut(sessionIds: ReadonlySet<string>): Promise<void>;
}

/** A session's work is kept at least this often while the learner is active. */
export const KEEP_EVERY_MS = 3 * 60_000;
/** A snapshot taking longer than this is given up, so an ending session is never held. */
const TAKE_TIMEOUT_MS = 90_000;

/**
 * When work is kept: when a session ends (before its environment goes), after a Check or
 * an Apply, and every few minutes of activity, so that a runner killed outright loses
 * little. One snapshot per session at a time.
 */
export class WorkKeeping {
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Last attempt per session, so a failing snapshot is not retried on every tick. */
  private readonly triedAt = new Map<string, number>();

  constructor(
    private readonly keeper: WorkKeeper,
    private readonly log: (line: string) => void,
    private readonly now: () => number,
  ) {}

  /** Keeps the session's work now (an earlier snapshot in flight finishes first). */
  async keep(session: SessionRecord, environment: string): Promise<void> {
    await this.inFlight.get(session.id);
    const work = this.take(session, environment);
    this.inFlight.set(session.id, work);
    try {
      await work;
    } finally {
      if (this.inFlight.get(session.id) === work) this.inFlight.delete(session.id);
    }
  }

  /** After a Check or an Apply: in the background, unless one is already being taken. */
  keepSoon(session: SessionRecord, track: (work: Promise<unknown>) => void): void {
    if (session.state !== "ready" || !session.environment || this.inFlight.has(session.id)) return;
    track(this.keep(session, session.environment));
  }

  /**
   * The reaper's tick: sessions with activity since their last snapshot, past the interval.
   * True when it kept any.
   */
  async keepDue(sessions: readonly SessionRecord[]): Promise<boolean> {
    const now = this.now();
    let kept = false;
    for (const session of sessions) {
      if (session.state !== "ready" || !session.environment) continue;
      const last = Math.max(
        session.snapshotAt ?? session.readyAt ?? now,
        this.triedAt.get(session.id) ?? 0,
      );
      if (session.lastActivityAt <= (session.snapshotAt ?? 0) || now - last < KEEP_EVERY_MS)
        continue;
      await this.keep(session, session.environment);
      kept = true;
    }
    await this.keeper.forgetAllBut(new Set(sessions.map((s) => s.id))).catch(() => {});
    return kept;
  }

  read(sessionId: string): Promise<WorkSnapshot | undefined> {
    return this.keeper.read(sessionId);
  }

  /** Resume never fails a session: what could not be put back is reported instead. */
  async restore(environment: string, snapshot: WorkSnapshot): Promise<RestoreReport> {
    try {
      return await this.keeper.restore(environment, snapshot);
    } catch (error) {
      const reason = (error as Error).message.split("\n")[0] ?? "unknown";
      this.log(`environment ${environment}: restoring kept work failed: ${reason}`);
      return { applied: [], refused: [{ object: "your work", reason }], files: 0 };
    }
  }

  private async take(session: SessionRecord, environment: string): Promise<void> {
    this.triedAt.set(session.id, this.now());
    let timer: NodeJS.Timeout | undefined;
    try {
      session.snapshotAt = await Promise.race([
        this.keeper.take(session.id, environment),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("timed out")), TAKE_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      this.log(
        `session ${session.id}: keeping the learner's work failed: ${(error as Error).message}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }
}
