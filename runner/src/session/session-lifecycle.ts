import type { SessionRecord } from "./session-record.ts";

export type StoredSessionState = SessionRecord["state"];

/**
 * A session's lifecycle in one table: the states it can move to from each state. Every
 * change of `SessionRecord.state` goes through `moveTo`, so a move not listed here is a
 * bug caught where it happens, not a session stuck in a state nothing leaves.
 *
 * provisioning → ready          the environment is made and the lab's setup applied
 * ready        → resetting      Reset lab (a new environment) or Reset step (in place)
 * resetting    → ready          the reset finished
 * any live     → ended | failed the learner or a limit ended it; making or resetting failed;
 *                               the environment vanished
 * ended, failed                 final: the record stays readable for a day, then goes
 */
export const SESSION_TRANSITIONS: Readonly<
  Record<StoredSessionState, readonly StoredSessionState[]>
> = {
  provisioning: ["ready", "ended", "failed"],
  ready: ["resetting", "ended", "failed"],
  resetting: ["ready", "ended", "failed"],
  ended: [],
  failed: [],
};

export class IllegalTransition extends Error {
  constructor(
    readonly sessionId: string,
    readonly from: StoredSessionState,
    readonly to: StoredSessionState,
  ) {
    super(`session "${sessionId}" cannot go from ${from} to ${to}`);
    this.name = "IllegalTransition";
  }
}

export function canMove(from: StoredSessionState, to: StoredSessionState): boolean {
  return SESSION_TRANSITIONS[from].includes(to);
}

/** The one place a session's state changes; throws on a move the table does not list. */
export function moveTo(session: SessionRecord, to: StoredSessionState): void {
  if (!canMove(session.state, to)) throw new IllegalTransition(session.id, session.state, to);
  session.state = to;
}
