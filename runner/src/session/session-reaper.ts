import { expiredReason, expiryOf, phaseAt, type SessionLimits } from "./session-expiry.ts";
import type { SessionHost } from "./session-host.ts";
import { isLive } from "./session-record.ts";

/** Ended and failed sessions stay readable this long, so the app can show why. */
export const KEEP_FINISHED_MS = 24 * 60 * 60_000;

/** Ends ready sessions past a limit and forgets finished ones older than a day. */
export async function reapSessions(host: SessionHost, limits: SessionLimits): Promise<void> {
  const now = host.now();
  for (const session of host.state.sessions) {
    if (session.state !== "ready") continue;
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
