// The files a learner edits in the player, one row per (session, name). Plain DTOs.
import "server-only";
import type { PrismaClient } from "./db/prisma-client";

export interface EditorFileDto {
  name: string;
  content: string;
  updatedAt: Date;
}

export class EditorFileRepository {
  constructor(private readonly db: PrismaClient) {}

  list(sessionId: string): Promise<EditorFileDto[]> {
    return this.db.editorFile.findMany({
      where: { sessionId },
      orderBy: { name: "asc" },
      select: { name: true, content: true, updatedAt: true },
    });
  }

  save(sessionId: string, name: string, content: string): Promise<EditorFileDto> {
    return this.db.editorFile.upsert({
      where: { sessionId_name: { sessionId, name } },
      create: { sessionId, name, content },
      update: { content },
      select: { name: true, content: true, updatedAt: true },
    });
  }
}
