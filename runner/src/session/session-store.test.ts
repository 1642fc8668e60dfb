import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessionRecord } from "./session-record.ts";
import { SessionStore } from "./session-store.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "kindling-store-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const session: SessionRecord = {
  id: "s0123456789abcdef0123",
  labSlug: "hello-pods",
  userId: "u1",
  topology: "w0",
  environment: "lab-abc123",
  state: "ready",
  progress: [{ step: "creating network", at: 1 }],
  fromPool: false,
  createdAt: 1,
  lastActivityAt: 2,
  deadlineAt: 3,
};

describe("SessionStore", () => {
  it("starts empty when there is no file", async () => {
    const store = new SessionStore(path.join(dir, "runner", "state.json"));
    expect(await store.load()).toMatchObject({ version: 1, sessions: [], pool: [] });
    expect((await store.load()).runnerId).toMatch(/^[0-9a-f]{6}$/);
  });

  it("round-trips state and leaves no temporary file behind", async () => {
    const store = new SessionStore(path.join(dir, "runner", "state.json"));
    const pool = [{ environment: "pool-1", topology: "w0", state: "ready" as const, readyAt: 5 }];
    await Promise.all([
      store.save({ version: 1, runnerId: "abcdef", sessions: [], pool: [] }),
      store.save({ version: 1, runnerId: "abcdef", sessions: [session], pool }),
    ]);
    expect(await new SessionStore(store.file).load()).toEqual({
      version: 1,
      runnerId: "abcdef",
      sessions: [session],
      pool,
    });
    expect(await readdir(path.join(dir, "runner"))).toEqual(["state.json"]);
    expect(JSON.parse(await readFile(store.file, "utf8")).sessions[0].id).toBe(session.id);
  });

  it("names the file and field of a corrupt state", async () => {
    const file = path.join(dir, "state.json");
    await writeFile(
      file,
      JSON.stringify({ version: 1, runnerId: "abcdef", sessions: [{ id: 1 }], pool: [] }),
    );
    await expect(new SessionStore(file).load()).rejects.toThrow(/state\.json.*sessions\.0/);
  });
});
