// The first-admin setup link on the real embedded database (PGlite, migrated from empty):
// issued only while no admin exists, stored hashed, replaced by a newer link, expiring, and
// used up by exactly one of several accounts redeeming it at once. No Docker.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminSetupRepository } from "./admin-setup-repository";
import { createPrismaClient, type PrismaClient } from "./db/prisma-client";
import { UserRepository } from "./user-repository";
import {
  startEmbeddedDatabase,
  type StartedEmbeddedDatabase,
} from "../../../scripts/db/embedded-database.ts";
import { applyMigrations } from "../../../scripts/db/migrations.ts";

let dataDir: string;
let database: StartedEmbeddedDatabase;
let db: PrismaClient;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "kindling-admin-setup-"));
  database = await startEmbeddedDatabase({ dataDir });
  await applyMigrations(database.url);
  // Several connections, so that racing redemptions really overlap.
  db = createPrismaClient(database.url, 4);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const roleOf = async (id: string) =>
  (await db.user.findUniqueOrThrow({ where: { id }, select: { role: true } })).role;

describe("admin setup link", () => {
  it("keeps only a hash, and a newer link replaces the older", async () => {
    const setup = new AdminSetupRepository(db);
    const first = await setup.issue();
    const second = await setup.issue();
    expect(first && second).toBeTruthy();
    const rows = await db.verification.findMany({ where: { identifier: "kindling:admin-setup" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.value).not.toContain(second!.token);
    expect(await setup.isUsable(first!.token)).toBe(false);
    expect(await setup.isUsable(second!.token)).toBe(true);
  });

  it("refuses an expired link", async () => {
    let now = new Date("2026-12-02T06:00:00Z");
    const setup = new AdminSetupRepository(db, () => now);
    const user = await new UserRepository(db).create({ email: "late@example.org", name: "Late" });
    const issued = await setup.issue();
    now = new Date(now.getTime() + 61 * 60_000);
    expect(await setup.isUsable(issued!.token)).toBe(false);
    expect(await setup.redeem(issued!.token, user.id)).toBe("invalid");
    expect(await roleOf(user.id)).toBe("LEARNER");
  });

  it("makes exactly one admin when several accounts redeem the same link at once", async () => {
    const users = new UserRepository(db);
    const racers = await Promise.all(
      ["a", "b", "c", "d"].map((n) => users.create({ email: `${n}@example.org`, name: n })),
    );
    const setup = new AdminSetupRepository(db);
    const { token } = (await setup.issue())!;
    const outcomes = await Promise.all(
      racers.map((u) => setup.redeem(token, u.id).catch((e: Error) => `error ${e.message}`)),
    );
    expect(outcomes.filter((o) => o === "admin")).toHaveLength(1);
    expect(await db.user.count({ where: { role: "ADMIN" } })).toBe(1);
    // Once there is an admin, no link is issued and an old one is dead.
    expect(await setup.issue()).toBeNull();
    expect(await setup.isUsable(token)).toBe(false);
  });

  it("refuses garbage without touching the database's rows", async () => {
    const setup = new AdminSetupRepository(db);
    expect(await setup.redeem("../../etc", "nobody")).toBe("invalid");
    expect(await setup.isUsable("x".repeat(43))).toBe(false);
  });
});
