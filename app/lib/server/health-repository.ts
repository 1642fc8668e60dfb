// Whether the database answers; used by /api/health for operators and tests.
import "server-only";
import type { PrismaClient } from "./db/prisma-client";

export interface DatabaseHealth {
  ok: boolean;
  migrations: number;
  error?: string;
}

export async function databaseHealth(db: PrismaClient): Promise<DatabaseHealth> {
  try {
    const rows = await db.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`;
    return { ok: true, migrations: Number(rows[0]?.count ?? 0) };
  } catch (error) {
    return {
      ok: false,
      migrations: 0,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
