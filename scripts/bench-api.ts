// The site ↔ runner boundary on its own: requests through RunnerClient to a real runner
// server (contract routing, the secret, zod on both sides) whose environments are names in
// a set, so no cluster's speed hides the boundary's. Also the runner process's memory.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { RunnerApiError, RunnerClient } from "../runner/src/protocol/runner-client.ts";
import { startRunnerServer } from "../runner/src/server.ts";
import { writeFixtureLab } from "../runner/src/session/fixture-lab.ts";
import { namesOnlyDriver } from "../runner/src/session/names-only-driver.ts";
import { minutesToLimits } from "../runner/src/session/session-expiry.ts";
import { measure } from "./lib/bench-figures.ts";

const SECRET = "bench-secret-0123456789abcdef0123456789";

export async function benchApi(runs = 1000): Promise<void> {
  const home = await mkdtemp(path.join(tmpdir(), "kindling-bench-api-"));
  const runner = await startRunnerServer({
    host: "127.0.0.1",
    port: 0,
    home,
    labsDir: path.join(home, "labs"),
    secret: SECRET,
    maxEnvironments: 4,
    pool: "",
    driver: namesOnlyDriver(),
    limits: minutesToLimits({ session: 60, max: 90, idle: 20, warning: 5, extend: 30 }),
    log: () => {},
  });
  try {
    await writeFixtureLab(path.join(home, "labs"), "bench-api");
    const api = new RunnerClient(runner.url, SECRET);
    const { id } = await api.createSession("bench-api", "bench");
    await api.waitUntilSettled(id, 30_000);
    await measure("runner API: session view", runs, () => api.session(id), { warmup: 50 });
    await measure(
      "runner API: unknown session (404)",
      runs,
      () =>
        api.session("s00000000000000000000").catch((error: unknown) => {
          if (!(error instanceof RunnerApiError)) throw error;
        }),
      { warmup: 50 },
    );
    await measure("runner API: status", runs, () => api.status(), { warmup: 50 });
    console.log(
      `${"bench process memory (rss)".padEnd(34)} ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, runner in-process`,
    );
  } finally {
    await runner.stop();
    await rm(home, { recursive: true, force: true });
  }
}
