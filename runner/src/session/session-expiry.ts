import type { SessionRecord } from "./session-record.ts";

export interface SessionLimits {
  sessionMs: number;
  maxMs: number;
  idleMs: number;
  warningMs: number;
  extendMs: number;
}

export const minutesToLimits = (m: {
  session: number;
  max: number;
  idle: number;
  warning: number;
  extend: number;
}): SessionLimits => ({
  sessionMs: m.session * 60_000,
  maxMs: m.max * 60_000,
  idleMs: m.idle * 60_000,
  warningMs: m.warning * 60_000,
  extendMs: m.extend * 60_000,
});

export interface Expiry {
  at: number;
  because: "idle" | "time-limit";
}

type Timed = Pick<SessionRecord, "lastActivityAt" | "deadlineAt" | "createdAt">;

/** Whichever comes first: the idle limit or the time limit. */
export function expiryOf(session: Timed, limits: SessionLimits): Expiry {
  const idleAt = session.lastActivityAt + limits.idleMs;
  return idleAt < session.deadlineAt
    ? { at: idleAt, because: "idle" }
    : { at: session.deadlineAt, because: "time-limit" };
}

export type ExpiryPhase = "active" | "warning" | "expired";

export function phaseAt(session: Timed, now: number, limits: SessionLimits): ExpiryPhase {
  const { at } = expiryOf(session, limits);
  if (now >= at) return "expired";
  return now >= at - limits.warningMs ? "warning" : "active";
}

/** The deadline after one extension: later by extendMs, never past the maximum length. */
export function extendedDeadline(session: Timed, now: number, limits: SessionLimits): number {
  return Math.min(
    Math.max(session.deadlineAt, now) + limits.extendMs,
    session.createdAt + limits.maxMs,
  );
}

export function expiredReason(expiry: Expiry, limits: SessionLimits): string {
  return expiry.because === "idle"
    ? `ended after ${Math.round(limits.idleMs / 60_000)} minutes without activity`
    : "ended at its time limit";
}
