import { describe, expect, it } from "vitest";
import { Debouncer, type Timers } from "./debounce.ts";

/** Timers on a clock the test moves by hand. */
function fakeTimers() {
  let now = 0;
  const due = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (run, ms) => {
      due.set(next, { at: now + ms, run });
      return next++;
    },
    clearTimeout: (handle) => void due.delete(handle as number),
    now: () => now,
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const first = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!first || first[1].at > end) break;
      due.delete(first[0]);
      now = first[1].at;
      first[1].run();
    }
    now = end;
  };
  return { timers, advance };
}

describe("the live checks' debouncer", () => {
  it("runs once after a burst has been quiet for the quiet time", () => {
    const { timers, advance } = fakeTimers();
    let runs = 0;
    const debouncer = new Debouncer(() => runs++, 400, 2000, timers);
    for (let i = 0; i < 10; i++) {
      debouncer.poke();
      advance(100);
    }
    expect(runs).toBe(0);
    advance(299);
    expect(runs).toBe(0);
    advance(1);
    expect(runs).toBe(1);
    expect(debouncer.pending).toBe(false);
  });

  it("runs by the longest wait even while events never stop", () => {
    const { timers, advance } = fakeTimers();
    const ranAt: number[] = [];
    const debouncer = new Debouncer(() => ranAt.push(timers.now()), 400, 2000, timers);
    for (let i = 0; i < 60; i++) {
      debouncer.poke();
      advance(100);
    }
    // Six seconds of an event every 100 ms: a re-grading every two seconds, not none.
    expect(ranAt).toEqual([2000, 4000, 6000]);
  });

  it("forgets a pending run when cancelled", () => {
    const { timers, advance } = fakeTimers();
    let runs = 0;
    const debouncer = new Debouncer(() => runs++, 400, 2000, timers);
    debouncer.poke();
    debouncer.cancel();
    advance(5000);
    expect(runs).toBe(0);
  });
});
