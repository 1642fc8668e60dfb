// The database survives restarts: migrations apply to an empty embedded database, data
// written through the repositories is there after the database (and the whole app
// process) stops and starts again from the same folder. No Docker needed.
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/server/db/prisma-client";
import { LabSessionRepository } from "@/lib/server/lab-session-repository";
import { UserRepository } from "@/lib/server/user-repository";
import { startEmbeddedDatabase } from "../../scripts/db/embedded-database.ts";
import { applyMigrations } from "../../scripts/db/migrations.ts";
import { startApp } from "../support/app-server.ts";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "kindling-db-"));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

async function writeLearner(url: string, email: string) {
  const db = createPrismaClient(url, 1);
  try {
    const user = await new UserRepository(db).create({ email, name: "Ada" });
    const expiresAt = new Date(Date.now() + 3_600_000);
    await new LabSessionRepository(db).create({
      userId: user.id,
      labSlug: "hello-pods",
      expiresAt,
    });
  } finally {
    await db.$disconnect();
  }
}

async function readLearner(url: string, email: string) {
  const db = createPrismaClient(url, 1);
  try {
    const user = await new UserRepository(db).findByEmail(email);
    const sessions = user ? await new LabSessionRepository(db).listForUser(user.id) : [];
    return { user, sessions };
  } finally {
    await db.$disconnect();
  }
}

const migrationsDir = path.join(import.meta.dirname, "../../prisma/migrations");

/** A migrations folder holding only the committed migrations before `upTo` (exclusive). */
async function migrationsBefore(upTo: string): Promise<string> {
  const dir = path.join(dataDir, "migrations-before");
  for (const entry of await readdir(migrationsDir, { withFileTypes: true }))
    if (!entry.isDirectory() || entry.name < upTo)
      await cp(path.join(migrationsDir, entry.name), path.join(dir, entry.name), {
        recursive: true,
      });
  return dir;
}

/** Every committed migration: an empty database must end up with all of them. */
async function committedMigrations(): Promise<number> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).length;
}

describe("embedded database", () => {
  it("migrates an empty folder and keeps data across a close and reopen", async () => {
    const pgliteDir = path.join(dataDir, "pglite");
    {
      await using db = await startEmbeddedDatabase({ dataDir: pgliteDir });
      expect(await applyMigrations(db.url)).toHaveLength(await committedMigrations());
      await writeLearner(db.url, "Ada@example.test");
    }
    await using db = await startEmbeddedDatabase({ dataDir: pgliteDir });
    expect(await applyMigrations(db.url)).toEqual([]);
    const { user, sessions } = await readLearner(db.url, "ada@example.test");
    expect(user).toMatchObject({
      email: "ada@example.test",
      name: "Ada",
      role: "LEARNER",
    });
    expect(sessions).toMatchObject([{ labSlug: "hello-pods", status: "STARTING", endedAt: null }]);
  });

  it("keeps a session's runner session id when environmentName becomes runnerSessionId", async () => {
    const rename = "20261202090000_lab_session_runner_session_id";
    await using db = await startEmbeddedDatabase({ dataDir: path.join(dataDir, "pglite") });
    await applyMigrations(db.url, await migrationsBefore(rename));
    const old = createPrismaClient(db.url, 1);
    try {
      await old.$executeRawUnsafe(
        `INSERT INTO "User" (id, email, name) VALUES ('u1', 'lin@example.test', 'Lin')`,
      );
      await old.$executeRawUnsafe(
        `INSERT INTO "LabSession" (id, "userId", "labSlug", "environmentName", "expiresAt")
         VALUES ('ls1', 'u1', 'hello-pods', 's0123456789abcdef0123', now())`,
      );
    } finally {
      await old.$disconnect();
    }
    expect(await applyMigrations(db.url)).toContain(rename);
    const { sessions } = await readLearner(db.url, "lin@example.test");
    expect(sessions).toMatchObject([{ id: "ls1", runnerSessionId: "s0123456789abcdef0123" }]);
  });

  it.each(["SIGTERM", "SIGKILL"] as const)(
    "keeps data written into the running app after it is stopped with %s and started again",
    async (signal) => {
      const first = await startApp(dataDir);
      try {
        await writeLearner(first.databaseUrl, "grace@example.test");
      } finally {
        await first.stop(signal);
      }
      await using second = await startApp(dataDir);
      const { user, sessions } = await readLearner(second.databaseUrl, "grace@example.test");
      expect(user?.name).toBe("Ada");
      expect(sessions).toHaveLength(1);
      const health = (await (await fetch(`${second.url}/api/health`)).json()) as unknown;
      expect(health).toEqual({
        ok: true,
        database: { ok: true, migrations: await committedMigrations() },
      });
    },
  );
});
