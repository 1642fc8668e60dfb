import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EnvironmentDriver } from "./environment-driver.ts";
import { writeFixtureLab } from "./fixture-lab.ts";
import { minutesToLimits } from "./session-expiry.ts";
import { SessionManager, type SessionManagerOptions } from "./session-manager.ts";
import { SessionStore } from "./session-store.ts";
import { ImageSupply } from "../images/image-supply.ts";

/** Environments as names in a set: what the session logic needs, in microseconds. */
class FakeDriver implements EnvironmentDriver {
  readonly environments = new Map<string, Record<string, string>>();
  readonly created: string[] = [];
  applied: string[] = [];

  async create(
    name: string,
    _t: unknown,
    labels: Record<string, string>,
    progress: (s: string) => void,
  ) {
    progress("creating network");
    this.created.push(name);
    this.environments.set(name, labels);
  }
  async applySetup(_name: string, manifests: { file: string }[]) {
    this.applied.push(...manifests.map((m) => m.file));
  }
  async workstationId(name: string) {
    return this.environments.has(name) ? `ws-${name}` : undefined;
  }
  async clusterNames() {
    return [...this.environments.keys()];
  }
  async destroy(name: string) {
    this.environments.delete(name);
  }
  async attach(name: string): Promise<never> {
    throw new Error(`no cluster behind ${name}`);
  }
  async openTty(workstation: string): Promise<never> {
    throw new Error(`no workstation ${workstation}`);
  }
  /** Environments whose host went away, with the reason the driver gives. */
  readonly lost = new Map<string, string>();
  async lostReason(name: string) {
    return this.lost.get(name);
  }
  /** What a full backend says when asked for room; undefined while it has some. */
  full: string | undefined;
  async roomProblem() {
    return this.full;
  }
}

let dir: string;
let driver: FakeDriver;
let clock: number;
const managers: SessionManager[] = [];
const limits = minutesToLimits({ session: 60, max: 90, idle: 20, warning: 5, extend: 30 });

async function manager(overrides: Partial<SessionManagerOptions> = {}) {
  const started = await new SessionManager({
    store: new SessionStore(path.join(dir, "runner", "state.json")),
    driver,
    labsDir: path.join(dir, "labs"),
    limits,
    maxEnvironments: 2,
    poolTargets: new Map(),
    reapIntervalMs: 3_600_000,
    now: () => clock,
    ...overrides,
  }).start();
  managers.push(started);
  return started;
}

const settle = (m: SessionManager) => m.whenIdle();

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "kindling-manager-"));
  await writeFixtureLab(path.join(dir, "labs"), "fixture-lab");
  driver = new FakeDriver();
  clock = 1_000_000;
});

afterEach(async () => {
  for (const m of managers.splice(0)) await m.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("SessionManager", () => {
  it("provisions with progress, applies the lab's setup and labels the environment", async () => {
    const m = await manager();
    const created = await m.create({ labSlug: "fixture-lab", userId: "u1" });
    expect(created.state).toBe("provisioning");
    await settle(m);
    const view = m.view(m.get(created.id));
    expect(view.state).toBe("ready");
    expect(view.progress.map((p) => p.step)).toEqual([
      "creating network",
      "applying the lab's starting state",
      "ready",
    ]);
    expect(driver.applied).toEqual(["labs/fixture-lab/setup/01-configmap.yaml"]);
    const labels = driver.environments.get(m.get(created.id).environment!);
    expect(labels).toMatchObject({ "dev.kindling.session": created.id });
  });

  it("answers at_capacity instead of queueing past the limit", async () => {
    const m = await manager({ maxEnvironments: 1 });
    await m.create({ labSlug: "fixture-lab", userId: "u1" });
    await expect(m.create({ labSlug: "fixture-lab", userId: "u2" })).rejects.toMatchObject({
      code: "at_capacity",
    });
    expect(m.list()).toHaveLength(1);
  });

  it("refuses at once, with the backend's words, when the backend has no room", async () => {
    const m = await manager({ maxEnvironments: 4 });
    driver.full = "the host cluster has no room for this lab's environment now";
    await expect(m.create({ labSlug: "fixture-lab", userId: "u1" })).rejects.toMatchObject({
      code: "at_capacity",
      message: driver.full,
    });
    expect(m.list()).toEqual([]);
    expect(driver.created).toEqual([]);
    driver.full = undefined;
    await m.create({ labSlug: "fixture-lab", userId: "u1" });
    expect(m.list()).toHaveLength(1);
  });

  it("names its own limit before the backend's room, which both would refuse", async () => {
    const m = await manager({ maxEnvironments: 1 });
    await m.create({ labSlug: "fixture-lab", userId: "u1" });
    driver.full = "the host cluster has no room for this lab's environment now";
    await expect(m.create({ labSlug: "fixture-lab", userId: "u2" })).rejects.toMatchObject({
      code: "at_capacity",
      message: expect.stringMatching(/^all 1 lab environments on this runner are in use/),
    });
    driver.full = undefined;
  });

  it("refuses an unknown lab as unknown_lab", async () => {
    const m = await manager();
    await expect(m.create({ labSlug: "nope", userId: "u1" })).rejects.toMatchObject({
      code: "unknown_lab",
    });
  });

  it("warns before the idle limit, then ends the session and removes its environment", async () => {
    const m = await manager();
    const { id } = await m.create({ labSlug: "fixture-lab", userId: "u1" });
    await settle(m);
    clock += 16 * 60_000;
    expect(m.view(m.get(id))).toMatchObject({ state: "expiring", expiresBecause: "idle" });
    m.touch(id);
    expect(m.view(m.get(id)).state).toBe("ready");
    clock += 21 * 60_000;
    await (m as unknown as { reap(): Promise<void> }).reap();
    expect(m.view(m.get(id))).toMatchObject({
      state: "ended",
      reason: "ended after 20 minutes without activity",
    });
    expect(driver.environments.size).toBe(0);
  });

  it("fails a session whose environment was lost, with the driver's reason, at the next reaping", async () => {
    const m = await manager();
    const { id } = await m.create({ labSlug: "fixture-lab", userId: "u1" });
    await settle(m);
    const reap = () => (m as unknown as { reap(): Promise<void> }).reap();
    await reap();
    expect(m.view(m.get(id)).state).toBe("ready");
    driver.lost.set(m.get(id).environment!, "the host node running this environment was lost");
    await reap();
    expect(m.view(m.get(id))).toMatchObject({
      state: "failed",
      reason: "the host node running this environment was lost",
    });
    expect(driver.environments.size).toBe(0);
  });

  it("hands out a warm-pool environment and refills the pool", async () => {
    const m = await manager({ poolTargets: new Map([["w0", 1]]), maxEnvironments: 3 });
    await settle(m);
    const pooled = [...driver.environments.keys()];
    expect(pooled).toHaveLength(1);
    const { id } = await m.create({ labSlug: "fixture-lab", userId: "u1" });
    await settle(m);
    expect(m.get(id)).toMatchObject({ environment: pooled[0], fromPool: true, state: "ready" });
    expect(m.capacity().pool).toEqual([{ topology: "w0", ready: 1, provisioning: 0, target: 1 }]);
  });

  it("after a restart keeps ready sessions, fails half-made ones and reaps orphans", async () => {
    const first = await manager();
    const kept = await first.create({ labSlug: "fixture-lab", userId: "u1" });
    const vanished = await first.create({ labSlug: "fixture-lab", userId: "u2" });
    await first.stop();
    managers.splice(0);
    driver.environments.delete(first.get(vanished.id).environment!);
    driver.environments.set(`k${first.runnerId}-deadbeef`, {}); // made, then the runner died
    driver.environments.set("someone-else", {}); // not this runner's: left alone

    const second = await manager();
    expect(second.get(kept.id).state).toBe("ready");
    expect(second.get(vanished.id)).toMatchObject({
      state: "failed",
      reason: "the environment vanished; start the lab again",
    });
    expect([...driver.environments.keys()].sort()).toEqual(
      [second.get(kept.id).environment!, "someone-else"].sort(),
    );
  });

  it("extends the time limit, never past the maximum", async () => {
    const m = await manager();
    const { id } = await m.create({ labSlug: "fixture-lab", userId: "u1" });
    await settle(m);
    const before = m.get(id).deadlineAt;
    await m.extend(id);
    expect(m.get(id).deadlineAt).toBe(before + 30 * 60_000);
    await m.extend(id);
    expect(m.get(id).deadlineAt).toBe(m.get(id).createdAt + 90 * 60_000);
  });
});

describe("SessionManager.resetInPlace", () => {
  it("is resetting while the work runs, ready after, in the same environment", async () => {
    const m = await manager();
    const { id } = await m.create({ labSlug: "fixture-lab", userId: "u1" });
    await settle(m);
    const environment = m.get(id).environment;
    let release!: () => void;
    const view = await m.resetInPlace(id, "resetting to the start", async (name, progress) => {
      expect(name).toBe(environment);
      progress("halfway");
      await new Promise<void>((resolve) => (release = resolve));
    });
    expect(view.state).toBe("resetting");
    expect(view.progress.map((p) => p.step)).toEqual(["resetting to the start", "halfway"]);
    await expect(m.workstationOf(id)).rejects.toThrow(/resetting, not ready/);
    await expect(m.resetInPlace(id, "again", async () => {})).rejects.toThrow(
      /wait until it is ready/,
    );
    release();
    await settle(m);
    expect(m.view(m.get(id))).toMatchObject({ state: "ready" });
    expect(m.get(id).progress.map((p) => p.step)).toEqual([
      "resetting to the start",
      "halfway",
      "ready",
    ]);
    expect(m.get(id).environment).toBe(environment);
  });

  it("fails the session with the reason when the work fails", async () => {
    const m = await manager();
    const { id } = await m.create({ labSlug: "fixture-lab", userId: "u1" });
    await settle(m);
    await m.resetInPlace(id, "resetting", async () => {
      throw new Error("solve.sh failed: no such deployment\nmore detail");
    });
    await settle(m);
    expect(m.view(m.get(id))).toMatchObject({
      state: "failed",
      reason: "the step could not be reset: solve.sh failed: no such deployment",
    });
  });

  it("waits for the image set before making an environment, on one counting-down line", async () => {
    const images = new ImageSupply({
      ping: async () => {},
      current: async () => false,
      seed: async () => {},
      build: async (onProgress) => {
        for (const done of [16, 17]) {
          onProgress({
            done,
            total: 18,
            etaSeconds: (18 - done) * 60,
            startedAt: "",
            updatedAt: "",
            pid: process.pid,
          });
          await new Promise((r) => setTimeout(r, 5));
        }
      },
    });
    const m = await manager({ prerequisites: images });
    const created = await m.create({ labSlug: "fixture-lab", userId: "u1" });
    await settle(m);
    const view = m.view(m.get(created.id));
    expect(view.state).toBe("ready");
    const steps = view.progress.map((p) => p.step);
    expect(steps.filter((s) => s.startsWith("waiting for the lab images"))).toEqual([
      "waiting for the lab images: 17 of 18, about 1 minute left",
    ]);
    expect(steps.indexOf("waiting for the lab images: 17 of 18, about 1 minute left")).toBeLessThan(
      steps.indexOf("creating network"),
    );
  });

  it("refuses a start with what to do while the Docker engine is out of reach", async () => {
    const images = new ImageSupply({
      ping: async () => {
        throw new Error("connect ENOENT");
      },
      retryMs: 3_600_000,
    });
    const m = await manager({ prerequisites: images });
    await images.whenReady().catch(() => {});
    await expect(m.create({ labSlug: "fixture-lab", userId: "u1" })).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringMatching(/Docker engine is not reachable/),
    });
    expect(driver.created).toEqual([]);
    images.stop();
  });
});
