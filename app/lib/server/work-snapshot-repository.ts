// The learner's kept work (WorkSnapshot), one per lab session, as plain DTOs.
import "server-only";
import type { KeptObject, WorkSnapshot } from "@kindling/protocol/resume-api";
import type { PrismaClient } from "./db/prisma-client";

export class WorkSnapshotRepository {
  constructor(private readonly db: PrismaClient) {}

  /** When the session's stored snapshot was taken, or null when none is stored. */
  async takenAt(sessionId: string): Promise<Date | null> {
    const row = await this.db.workSnapshot.findUnique({
      where: { sessionId },
      select: { takenAt: true },
    });
    return row?.takenAt ?? null;
  }

  /** Stores the snapshot unless the one stored is as new or newer. */
  async save(sessionId: string, snapshot: WorkSnapshot): Promise<void> {
    const takenAt = new Date(snapshot.takenAt);
    const stored = await this.takenAt(sessionId);
    if (stored && stored >= takenAt) return;
    const data = {
      takenAt,
      objects: snapshot.objects as object[],
      homeArchive: snapshot.home.archive,
      homeFiles: snapshot.home.files,
      homeLeft: snapshot.home.left,
    };
    await this.db.workSnapshot.upsert({
      where: { sessionId },
      create: { sessionId, ...data },
      update: data,
    });
  }

  async find(sessionId: string): Promise<WorkSnapshot | null> {
    const row = await this.db.workSnapshot.findUnique({ where: { sessionId } });
    if (!row) return null;
    return {
      takenAt: row.takenAt.toISOString(),
      objects: row.objects as KeptObject[],
      home: { archive: row.homeArchive, files: row.homeFiles, left: row.homeLeft },
    };
  }
}
