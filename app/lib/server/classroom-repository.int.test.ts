// The classroom's queries on the real embedded database (PGlite, migrated from empty):
// creating and finding classes, joining twice, and the progress rows the instructor's
// table is built from, written through the same repositories the player uses. No Docker.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "./db/prisma-client";
import { ClassroomRepository } from "./classroom-repository";
import { buildProgressTable, type TableLab } from "./classroom-table";
import { LabSessionRepository } from "./lab-session-repository";
import { StepProgressRepository } from "./step-progress-repository";
import { UserRepository } from "./user-repository";
import { UserRoleRepository } from "./user-role-repository";
import {
  startEmbeddedDatabase,
  type StartedEmbeddedDatabase,
} from "../../../scripts/db/embedded-database.ts";
import { applyMigrations } from "../../../scripts/db/migrations.ts";

let dataDir: string;
let database: StartedEmbeddedDatabase;
let db: PrismaClient;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "kindling-classroom-"));
  database = await startEmbeddedDatabase({ dataDir });
  await applyMigrations(database.url);
  db = createPrismaClient(database.url, 1);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const labs: TableLab[] = [
  {
    slug: "nodeport",
    title: "NodePort",
    steps: [
      { id: "a", title: "Create" },
      { id: "b", title: "Probe" },
    ],
  },
  { slug: "ingress", title: "Ingress", steps: [{ id: "c", title: "Route" }] },
];

describe("classroom repository", () => {
  it("creates, finds, lists and joins classes; joining twice is harmless", async () => {
    const users = new UserRepository(db);
    const teacher = await users.create({
      email: "ivy@example.test",
      name: "Ivy",
      role: "INSTRUCTOR",
    });
    const other = await users.create({
      email: "otto@example.test",
      name: "Otto",
      role: "INSTRUCTOR",
    });
    const ada = await users.create({ email: "ada@example.test", name: "Ada" });
    const classes = new ClassroomRepository(db);

    const created = await classes.create({
      name: "Networking 101",
      ownerId: teacher.id,
      inviteCode: "abcdefghjkmn",
      labSlugs: ["nodeport", "ingress"],
    });
    expect(created).toMatchObject({
      ownerName: "Ivy",
      memberCount: 0,
      labSlugs: ["nodeport", "ingress"],
    });
    await classes.create({
      name: "Otto's",
      ownerId: other.id,
      inviteCode: "pqrstuvwxyz2",
      labSlugs: ["nodeport"],
    });

    expect((await classes.findByInviteCode("abcdefghjkmn"))?.id).toBe(created.id);
    expect(await classes.findByInviteCode("zzzzzzzzzzzz")).toBeNull();
    expect((await classes.listTaught(teacher.id)).map((c) => c.name)).toEqual(["Networking 101"]);
    expect(await classes.listTaught(undefined)).toHaveLength(2);

    expect(await classes.join(created.id, ada.id)).toBe(true);
    expect(await classes.join(created.id, ada.id)).toBe(false);
    expect(await classes.isMember(created.id, ada.id)).toBe(true);
    expect(await classes.isMember(created.id, other.id)).toBe(false);
    expect((await classes.findById(created.id))?.memberCount).toBe(1);
    expect((await classes.listJoined(ada.id)).map((c) => c.name)).toEqual(["Networking 101"]);
  });

  it("reads the members' progress on the class's labs, written as the player writes it", async () => {
    const users = new UserRepository(db);
    const classes = new ClassroomRepository(db);
    const classroom = (await classes.findByInviteCode("abcdefghjkmn"))!;
    const ada = (await users.findByEmail("ada@example.test"))!;
    const bob = await users.create({ email: "bob@example.test", name: "Bob" });
    const outsider = await users.create({ email: "eve@example.test", name: "Eve" });
    await classes.join(classroom.id, bob.id);

    const sessions = new LabSessionRepository(db);
    const progress = new StepProgressRepository(db);
    const expiresAt = new Date(Date.now() + 3_600_000);
    const adaRun = await sessions.create({ userId: ada.id, labSlug: "nodeport", expiresAt });
    await progress.touch(adaRun.id, 0);
    await progress.useHints(adaRun.id, 0, 2);
    await progress.recordAttempt(adaRun.id, 0, false, [{ id: "svc", passed: false }]);
    await progress.recordAttempt(adaRun.id, 0, true, [{ id: "svc", passed: true }]);
    await progress.touch(adaRun.id, 1);
    await progress.revealSolution(adaRun.id, 1);
    // Not the class's lab, and not the class's learner: neither shows up.
    const other = await sessions.create({ userId: ada.id, labSlug: "hello-pods", expiresAt });
    await progress.recordAttempt(other.id, 0, true, []);
    const eveRun = await sessions.create({ userId: outsider.id, labSlug: "nodeport", expiresAt });
    await progress.recordAttempt(eveRun.id, 0, true, []);

    const input = await classes.progressInput(classroom.id, labs);
    expect(input.members.map((m) => m.name).sort()).toEqual(["Ada", "Bob"]);
    expect(input.sessions.map((s) => s.id)).toEqual([adaRun.id]);
    expect(input.attempts).toEqual([{ sessionId: adaRun.id, stepIndex: 0, count: 2 }]);

    const table = buildProgressTable(input, new Date());
    const [adaRow, bobRow] = table.rows;
    expect(adaRow?.learner.name).toBe("Ada");
    expect(adaRow?.labs[0]?.cells[0]).toMatchObject({ status: "done", attempts: 2, hintsUsed: 2 });
    expect(adaRow?.labs[0]?.cells[1]).toMatchObject({
      status: "in-progress",
      solutionRevealed: true,
    });
    expect(adaRow?.labs[1]?.cells[0]?.status).toBe("not-started");
    expect(bobRow?.labs.flatMap((l) => l.cells).every((c) => c.status === "not-started")).toBe(
      true,
    );
  });

  it("reopens a reset step and the ones after it, and keeps their first completion", async () => {
    const users = new UserRepository(db);
    const classes = new ClassroomRepository(db);
    const classroom = (await classes.findByInviteCode("abcdefghjkmn"))!;
    const cleo = await users.create({ email: "cleo@example.test", name: "Cleo" });
    await classes.join(classroom.id, cleo.id);
    const sessions = new LabSessionRepository(db);
    const progress = new StepProgressRepository(db);
    const run = await sessions.create({
      userId: cleo.id,
      labSlug: "nodeport",
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await progress.recordAttempt(run.id, 0, true, []);
    await progress.recordAttempt(run.id, 1, true, []);
    const firstPass = (await progress.list(run.id)).map((r) => r.completedAt);

    await progress.reopenFrom(run.id, 1);
    const reopened = await progress.list(run.id);
    expect(reopened.map((r) => r.reopenedAt !== null)).toEqual([false, true]);
    expect(reopened.map((r) => r.completedAt)).toEqual(firstPass);

    await progress.recordAttempt(run.id, 1, false, []);
    expect((await progress.list(run.id))[1]?.reopenedAt).not.toBeNull();
    await progress.recordAttempt(run.id, 1, true, []);
    const passedAgain = await progress.list(run.id);
    expect(passedAgain.map((r) => r.reopenedAt)).toEqual([null, null]);
    expect(passedAgain.map((r) => r.completedAt)).toEqual(firstPass);

    // The roster counts what the learner achieved, however often they reset since.
    await progress.reopenFrom(run.id, 0);
    const table = buildProgressTable(await classes.progressInput(classroom.id, labs), new Date());
    const row = table.rows.find((r) => r.learner.name === "Cleo");
    expect(row?.labs[0]?.completedSteps).toBe(2);
  });

  it("changes roles but never demotes the last admin", async () => {
    const roles = new UserRoleRepository(db);
    const users = new UserRepository(db);
    const root = await users.create({ email: "root@example.test", name: "Root", role: "ADMIN" });
    expect(await roles.setRoleById(root.id, "LEARNER")).toEqual({
      ok: false,
      reason: "last-admin",
    });
    expect(await roles.setRoleByEmail("nobody@example.test", "ADMIN")).toEqual({
      ok: false,
      reason: "not-found",
    });
    const promoted = await roles.setRoleByEmail(" ADA@example.test ", "ADMIN");
    expect(promoted).toMatchObject({ ok: true, changed: true, user: { role: "ADMIN" } });
    expect(await roles.setRoleById(root.id, "INSTRUCTOR")).toMatchObject({
      ok: true,
      user: { role: "INSTRUCTOR" },
    });
    expect(await roles.setRoleByEmail("ada@example.test", "ADMIN")).toMatchObject({
      ok: true,
      changed: false,
    });
    const ada = (await users.findByEmail("ada@example.test"))!;
    expect(await roles.setRoleById(ada.id, "LEARNER")).toEqual({ ok: false, reason: "last-admin" });
    expect((await roles.list()).filter((u) => u.role === "ADMIN").map((u) => u.email)).toEqual([
      "ada@example.test",
    ]);
  });
});
