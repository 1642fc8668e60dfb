import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WorkSnapshot } from "../protocol/resume-api.ts";
import { writeFixtureLab } from "./fixture-lab.ts";
import { namesOnlyDriver } from "./names-only-driver.ts";
import { minutesToLimits } from "./session-expiry.ts";
import { SessionManager } from "./session-manager.ts";
import { SessionStore } from "./session-store.ts";
import { KEEP_EVERY_MS, type WorkKeeper } from "./work-keeping.ts";

/** Records what the manager asks of it, and which environments existed when it did. */
class FakeKeeper implements WorkKeeper {
  readonly taken: { sessionId: string; environment: string; existed: boolean }[] = [];
  readonly restored: { environment: string; snapshot: WorkSnapshot }[] = [];
  readonly kept = new Map<string, WorkSnapshot>();
  constructor(
    private readonly exists: (environment: string) => Promise<boolean>,
    private readonly clock: () => number,
  ) {}
  async take(sessionId: string, environment: string) {
    this.taken.push({ sessionId, environment, existed: await this.exists(environment) });
    this.kept.set(sessionId, { ...snapshot, takenAt: new Date(this.clock()).toISOString() });
    return this.clock();
  }
  async read(sessionId: string) {
    return this.kept.get(sessionId);
  }
  async restore(environment: string, kept: WorkSnapshot) {
    this.restored.push({ environment, snapshot: kept });
    return { applied: ["Service/kubia"], refused: [], files: 1 };
  }
  async forgetAllBut() {}
}

const snapshot: WorkSnapshot = {
  takenAt: "2026-12-02T15:00:00.000Z",
  objects: [{ apiVersion: "v1", kind: "Service", metadata: { name: "kubia" } }],
  home: { archive: "H4sI", files: ["notes.txt"], left: [] },
};

let dir: string;
let clock: number;
let manager: SessionManager;
let keeper: FakeKeeper;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "kindling-keeping-"));
  await writeFixtureLab(path.join(dir, "labs"), "fixture-lab");
  clock = 1_000_000;
  const driver = namesOnlyDriver();
  keeper = new FakeKeeper(
    async (name) => (await driver.clusterNames()).includes(name),
    () => clock,
  );
  manager = await new SessionManager({
    store: new SessionStore(path.join(dir, "runner", "state.json")),
    driver,
    keeper,
    labsDir: path.join(dir, "labs"),
    limits: minutesToLimits({ session: 60, max: 90, idle: 20, warning: 5, extend: 30 }),
    maxEnvironments: 2,
    poolTargets: new Map(),
    reapIntervalMs: 3_600_000,
    now: () => clock,
  }).start();
});

afterEach(async () => {
  await manager.stop();
  await rm(dir, { recursive: true, force: true });
});

async function readySession(resume?: WorkSnapshot) {
  const view = await manager.create({ labSlug: "fixture-lab", userId: "u1", resume });
  await manager.whenIdle();
  return manager.get(view.id);
}

describe("keeping a learner's work", () => {
  it("keeps it when a session ends, while its environment still exists", async () => {
    const session = await readySession();
    clock += 60_000;
    const view = await manager.end(session.id, "the time limit was reached");
    expect(keeper.taken).toEqual([
      { sessionId: session.id, environment: session.environment, existed: true },
    ]);
    expect(view.snapshotAt).toBe(new Date(clock).toISOString());
    expect((await manager.snapshot(session.id)).home.files).toEqual(["notes.txt"]);
  });

  it("keeps nothing for a session that never became ready", async () => {
    const view = await manager.create({ labSlug: "fixture-lab", userId: "u1" });
    await manager.end(view.id);
    await manager.whenIdle();
    expect(keeper.taken).toEqual([]);
    await expect(manager.snapshot(view.id)).rejects.toThrow(/no work has been kept/);
  });

  it("keeps it in the background after a Check, and periodically while the learner works", async () => {
    const session = await readySession();
    manager.keepWorkSoon(session.id);
    await manager.whenIdle();
    expect(keeper.taken).toHaveLength(1);
    // No activity since: the periodic duty has nothing to do.
    clock += KEEP_EVERY_MS + 1;
    await (manager as unknown as { reap(): Promise<void> }).reap();
    expect(keeper.taken).toHaveLength(1);
    clock += 1;
    manager.touch(session.id);
    clock += KEEP_EVERY_MS + 1;
    await (manager as unknown as { reap(): Promise<void> }).reap();
    expect(keeper.taken).toHaveLength(2);
  });

  it("puts kept work into the new environment after the lab's setup, and reports it", async () => {
    const session = await readySession(snapshot);
    expect(keeper.restored).toEqual([{ environment: session.environment, snapshot }]);
    expect(session.progress.map((p) => p.step)).toContain("putting your work back");
    expect(manager.view(session).restore).toEqual({
      applied: ["Service/kubia"],
      refused: [],
      files: 1,
    });
  });
});
