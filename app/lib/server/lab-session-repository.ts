// Lab sessions: one learner's run of one lab, as plain DTOs.
import "server-only";
import type { PrismaClient } from "./db/prisma-client";

export type LabSessionStatus = "STARTING" | "READY" | "ENDED" | "FAILED";

export interface LabSessionDto {
  id: string;
  userId: string;
  labSlug: string;
  status: LabSessionStatus;
  environmentName: string | null;
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
  environmentName: true,
  createdAt: true,
  endedAt: true,
  expiresAt: true,
} as const;

export class LabSessionRepository {
  constructor(private readonly db: PrismaClient) {}

  create(session: NewLabSession): Promise<LabSessionDto> {
    return this.db.labSession.create({ data: session, select: columns });
  }

  listForUser(userId: string): Promise<LabSessionDto[]> {
    return this.db.labSession.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      select: columns,
    });
  }

  end(id: string, endedAt = new Date()): Promise<LabSessionDto> {
    return this.db.labSession.update({
      where: { id },
      data: { status: "ENDED", endedAt },
      select: columns,
    });
  }
}
