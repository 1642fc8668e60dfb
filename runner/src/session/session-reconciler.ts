import type { SessionHost } from "./session-host.ts";
import { isLive } from "./session-record.ts";

/**
 * Squares the saved state with the engine after a (re)start: sessions whose making died
 * with the previous process or whose environment vanished fail with a reason, pool
 * records without a live environment go, and environments nobody owns are removed.
 */
export async function reconcileSessions(host: SessionHost): Promise<void> {
  const { driver } = host;
  for (const session of host.state.sessions.filter(isLive)) {
    if (session.state !== "ready") {
      await host.finish(
        session,
        "failed",
        "the runner restarted while preparing this environment; start the lab again",
      );
    } else if (!session.environment || !(await driver.workstationId(session.environment))) {
      await host.finish(session, "failed", "the environment vanished; start the lab again");
    }
  }
  for (const record of [...host.state.pool]) {
    if (record.state !== "ready" || !(await driver.workstationId(record.environment))) {
      host.pool.remove(record.environment);
    }
  }
  const owned = new Set([
    ...host.state.sessions.filter(isLive).map((s) => s.environment),
    ...host.state.pool.map((r) => r.environment),
  ]);
  const prefix = `${host.prefix()}-`;
  for (const name of await driver.clusterNames()) {
    if (name.startsWith(prefix) && !owned.has(name)) {
      host.log(`reaping orphaned environment ${name}`);
      await host.destroyQuietly(name);
    }
  }
  await host.save();
}
