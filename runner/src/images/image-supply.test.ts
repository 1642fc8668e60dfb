import { describe, expect, it } from "vitest";
import type { BuildProgress } from "./build-progress.ts";
import { ImageSupply } from "./image-supply.ts";

// The supply's decisions with the engine and the build replaced; the real build and a
// stopped engine are exercised by the start-up tests (test/e2e/first-run.test.ts).
const progress = (done: number): BuildProgress => ({
  done,
  total: 3,
  current: `image-${done}`,
  etaSeconds: (3 - done) * 90,
  startedAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  pid: process.pid,
});

describe("ImageSupply", () => {
  it("builds missing images once, reporting progress to every waiter, then is ready", async () => {
    let builds = 0;
    let current = false;
    const supply = new ImageSupply({
      ping: async () => {},
      current: async () => current,
      build: async (onProgress) => {
        builds += 1;
        for (const done of [0, 1, 2]) {
          onProgress(progress(done));
          await new Promise((r) => setTimeout(r, 5));
        }
        current = true;
      },
      seed: async () => {},
    });
    const steps: string[] = [];
    await Promise.all([supply.whenReady((s) => steps.push(s)), supply.whenReady()]);
    expect(builds).toBe(1);
    expect(supply.state.phase).toBe("ready");
    expect(steps).toContain("waiting for the lab images: 1 of 3, about 3 minutes left");
    await supply.whenReady();
    expect(builds).toBe(1);
  });

  it("refuses at once with what to do when the engine is down, and recovers when it is back", async () => {
    let up = false;
    const supply = new ImageSupply({
      ping: async () => {
        if (!up) throw new Error("connect ENOENT /var/run/docker.sock");
      },
      current: async () => true,
      seed: async () => {},
      retryMs: 10,
    });
    await expect(supply.whenReady()).rejects.toThrow(/Docker engine is not reachable.*Start/);
    expect(supply.state.phase).toBe("docker-unavailable");
    up = true;
    await new Promise<void>((resolve) =>
      supply.on("change", (v) => v.phase === "ready" && resolve()),
    );
    supply.stop();
  });

  it("fails with the build's reason and tries again on the next request", async () => {
    let fail = true;
    const supply = new ImageSupply({
      ping: async () => {},
      current: async () => false,
      build: async () => {
        if (fail) throw new Error("node failed to build: exit 1");
      },
      seed: async () => {},
    });
    await expect(supply.whenReady()).rejects.toThrow(/could not be built: node failed/);
    fail = false;
    await supply.whenReady();
    expect(supply.state.phase).toBe("ready");
  });
});
