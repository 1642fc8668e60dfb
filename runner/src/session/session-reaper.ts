import { expiredReason, expiryOf, phaseAt, type SessionLimits } from "./session-expiry.ts";
import type { SessionHost } from "./session-host.ts";
import { isLive } from "./session-record.ts";

/** Ended and failed sessions stay readable this long, so the app can show why. */
export const KEEP_FINISHED_MS = 24 * 60 * 60_000;

/**
 * Ends ready sessions past a limit or whose environment was lost, and forgets finished ones
 * older than a day.
 */
export async function reapSessions(host: SessionHost, limits: SessionLimits): Promise<void> {
  const now = host.now();
  for (const session of host.state.sessions) {
    if (session.state !== "ready") continue;
    // An environment that cannot serve any more (its host node lost) ends its session with
    // the reason, and the learner's page offers to start the lab again.
    const lost = session.environment
      ? await host.driver.lostReason?.(session.environment)
      : undefined;
    if (lost) {
      host.log(`session ${session.id}: ${lost}`);
      await host.finish(session, "failed", lost);
      continue;
    }
    if (phaseAt(session, now, limits) !== "expired") continue;
    const reason = expiredReason(expiryOf(session, limits), limits);
    host.log(`session ${session.id}: ${reason}`);
    await host.finish(session, "ended", reason);
  }
  const before = host.state.sessions.length;
  host.state.sessions = host.state.sessions.filter(
    (s) => isLive(s) || (s.endedAt ?? s.createdAt) > now - KEEP_FINISHED_MS,
  );
  if (host.isDirty() || before !== host.state.sessions.length) await host.save();
}
