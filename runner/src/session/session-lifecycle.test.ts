import { describe, expect, it } from "vitest";
import {
  IllegalTransition,
  SESSION_TRANSITIONS,
  canMove,
  moveTo,
  type StoredSessionState,
} from "./session-lifecycle.ts";
import { isLive, sessionRecordSchema, type SessionRecord } from "./session-record.ts";

const record = (state: StoredSessionState): SessionRecord => ({
  id: "s1",
  labSlug: "hello-pods",
  userId: "u1",
  topology: "w0",
  state,
  progress: [],
  fromPool: false,
  createdAt: 0,
  lastActivityAt: 0,
  deadlineAt: 1,
});

describe("a session's lifecycle", () => {
  it("declares every stored state, and only those", () => {
    expect(Object.keys(SESSION_TRANSITIONS).sort()).toEqual(
      [...sessionRecordSchema.shape.state.options].sort(),
    );
  });

  it("moves along the table", () => {
    const session = record("provisioning");
    moveTo(session, "ready");
    moveTo(session, "resetting");
    moveTo(session, "ready");
    moveTo(session, "ended");
    expect(session.state).toBe("ended");
  });

  it.each([
    ["provisioning", "resetting"],
    ["ready", "provisioning"],
    ["ended", "ready"],
    ["failed", "ended"],
    ["ended", "failed"],
  ] as const)("refuses %s → %s and leaves the state alone", (from, to) => {
    const session = record(from);
    expect(() => moveTo(session, to)).toThrow(IllegalTransition);
    expect(() => moveTo(session, to)).toThrow(`cannot go from ${from} to ${to}`);
    expect(session.state).toBe(from);
  });

  it("lets exactly the live states end or fail", () => {
    for (const state of Object.keys(SESSION_TRANSITIONS) as StoredSessionState[]) {
      expect(canMove(state, "ended")).toBe(isLive(record(state)));
      expect(canMove(state, "failed")).toBe(isLive(record(state)));
    }
  });
});
