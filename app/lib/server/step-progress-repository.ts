// A learner's progress through the steps of one lab session: Check attempts, hints used,
// solutions revealed, completion. Plain DTOs.
import "server-only";
import type { PrismaClient } from "./db/prisma-client";

export interface StepProgressDto {
  stepIndex: number;
  startedAt: Date;
  completedAt: Date | null;
  /** Set while the cluster is back before this step after it passed (see schema.prisma). */
  reopenedAt: Date | null;
  hintsUsed: number;
  solutionRevealed: boolean;
  attempts: number;
}

export interface CheckAttemptDto {
  stepIndex: number;
  passed: boolean;
  results: unknown;
  createdAt: Date;
}

export class StepProgressRepository {
  constructor(private readonly db: PrismaClient) {}

  async list(sessionId: string): Promise<StepProgressDto[]> {
    const [rows, attempts] = await Promise.all([
      this.db.stepProgress.findMany({ where: { sessionId }, orderBy: { stepIndex: "asc" } }),
      this.db.checkAttempt.groupBy({
        by: ["stepIndex"],
        where: { sessionId },
        _count: { _all: true },
      }),
    ]);
    const counts = new Map(attempts.map((a) => [a.stepIndex, a._count._all]));
    return rows.map((row) => ({
      stepIndex: row.stepIndex,
      startedAt: row.startedAt,
      completedAt: row.completedAt,
      reopenedAt: row.reopenedAt,
      hintsUsed: row.hintsUsed,
      solutionRevealed: row.solutionRevealed,
      attempts: counts.get(row.stepIndex) ?? 0,
    }));
  }

  /** Records that the learner opened the step (its clock starts at the first visit). */
  async touch(sessionId: string, stepIndex: number): Promise<void> {
    await this.db.stepProgress.upsert({
      where: { sessionId_stepIndex: { sessionId, stepIndex } },
      create: { sessionId, stepIndex },
      update: {},
    });
  }

  /** Raises the number of hints shown to at least `count` (never lowers it). */
  async useHints(sessionId: string, stepIndex: number, count: number): Promise<number> {
    const row = await this.db.stepProgress.upsert({
      where: { sessionId_stepIndex: { sessionId, stepIndex } },
      create: { sessionId, stepIndex, hintsUsed: count },
      update: {},
    });
    if (row.hintsUsed >= count) return row.hintsUsed;
    await this.db.stepProgress.update({ where: { id: row.id }, data: { hintsUsed: count } });
    return count;
  }

  async revealSolution(sessionId: string, stepIndex: number): Promise<void> {
    await this.db.stepProgress.upsert({
      where: { sessionId_stepIndex: { sessionId, stepIndex } },
      create: { sessionId, stepIndex, solutionRevealed: true },
      update: { solutionRevealed: true },
    });
  }

  /** Stores a Check and, on the first pass, completes the step. */
  async recordAttempt(
    sessionId: string,
    stepIndex: number,
    passed: boolean,
    results: object[],
  ): Promise<void> {
    await this.db.$transaction([
      this.db.checkAttempt.create({ data: { sessionId, stepIndex, passed, results } }),
      this.db.stepProgress.upsert({
        where: { sessionId_stepIndex: { sessionId, stepIndex } },
        create: { sessionId, stepIndex, completedAt: passed ? new Date() : null },
        update: {},
      }),
    ]);
    if (passed) await this.markPassed(sessionId, stepIndex);
  }

  /** A step without checks is completed by moving on from it. */
  async complete(sessionId: string, stepIndex: number): Promise<void> {
    await this.db.stepProgress.upsert({
      where: { sessionId_stepIndex: { sessionId, stepIndex } },
      create: { sessionId, stepIndex, completedAt: new Date() },
      update: {},
    });
    await this.markPassed(sessionId, stepIndex);
  }

  /**
   * The cluster went back to before `fromStep` (Reset step, or Reset lab with 0): that step
   * and every later one must pass again. Their first completion stays on record.
   */
  async reopenFrom(sessionId: string, fromStep: number): Promise<void> {
    await this.db.stepProgress.updateMany({
      where: { sessionId, stepIndex: { gte: fromStep }, completedAt: { not: null } },
      data: { reopenedAt: new Date() },
    });
  }

  private async markPassed(sessionId: string, stepIndex: number): Promise<void> {
    const now = new Date();
    await this.db.$transaction([
      this.db.stepProgress.updateMany({
        where: { sessionId, stepIndex, completedAt: null },
        data: { completedAt: now },
      }),
      this.db.stepProgress.updateMany({
        where: { sessionId, stepIndex, reopenedAt: { not: null } },
        data: { reopenedAt: null },
      }),
    ]);
  }

  async lastAttempt(sessionId: string, stepIndex: number): Promise<CheckAttemptDto | null> {
    return this.db.checkAttempt.findFirst({
      where: { sessionId, stepIndex },
      orderBy: { createdAt: "desc" },
      select: { stepIndex: true, passed: true, results: true, createdAt: true },
    });
  }
}
