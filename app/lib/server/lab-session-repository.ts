// Lab sessions: one learner's run of one lab, as plain DTOs.
import "server-only";
import type { PrismaClient } from "./db/prisma-client";

export type LabSessionStatus = "STARTING" | "READY" | "ENDED" | "FAILED";

export interface LabSessionDto {
  id: string;
  userId: string;
  labSlug: string;
  status: LabSessionStatus;
  /** The runner's session id; null until the runner accepted the session. */
  runnerSessionId: string | null;
  reason: string | null;
  currentStep: number;
  createdAt: Date;
  endedAt: Date | null;
  expiresAt: Date;
}

export interface NewLabSession {
  userId: string;
  labSlug: string;
  expiresAt: Date;
}

const columns = {
  id: true,
  userId: true,
  labSlug: true,
  status: true,
  runnerSessionId: true,
  reason: true,
  currentStep: true,
  createdAt: true,
  endedAt: true,
  expiresAt: true,
} as const;

export class LabSessionRepository {
  constructor(private readonly db: PrismaClient) {}

  create(session: NewLabSession): Promise<LabSessionDto> {
    return this.db.labSession.create({ data: session, select: columns });
  }

  findById(id: string): Promise<LabSessionDto | null> {
    return this.db.labSession.findUnique({ where: { id }, select: columns });
  }

  /** The learner's session of this lab that has not ended, if any. */
  findOpen(userId: string, labSlug: string): Promise<LabSessionDto | null> {
    return this.db.labSession.findFirst({
      where: { userId, labSlug, status: { in: ["STARTING", "READY"] } },
      orderBy: { createdAt: "desc" },
      select: columns,
    });
  }

  /** The learner's most recent run of this lab that has ended or failed, if any. */
  findLastFinished(userId: string, labSlug: string): Promise<LabSessionDto | null> {
    return this.db.labSession.findFirst({
      where: { userId, labSlug, status: { in: ["ENDED", "FAILED"] } },
      orderBy: { createdAt: "desc" },
      select: columns,
    });
  }

  /** Resume: the same run of the lab again, waiting for a new environment. */
  reopen(id: string, expiresAt: Date): Promise<LabSessionDto> {
    return this.db.labSession.update({
      where: { id },
      data: {
        status: "STARTING",
        runnerSessionId: null,
        reason: null,
        endedAt: null,
        expiresAt,
        resumeCount: { increment: 1 },
      },
      select: columns,
    });
  }

  listForUser(userId: string): Promise<LabSessionDto[]> {
    return this.db.labSession.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      select: columns,
    });
  }

  update(
    id: string,
    data: Partial<
      Pick<LabSessionDto, "status" | "runnerSessionId" | "reason" | "currentStep" | "expiresAt">
    >,
  ): Promise<LabSessionDto> {
    return this.db.labSession.update({ where: { id }, data, select: columns });
  }

  end(id: string, endedAt = new Date(), reason?: string): Promise<LabSessionDto> {
    return this.db.labSession.update({
      where: { id },
      data: { status: "ENDED", endedAt, ...(reason ? { reason } : {}) },
      select: columns,
    });
  }
}
