// Watch events come in bursts (a `kubectl apply` of a Deployment is a dozen Pod, ReplicaSet
// and EndpointSlice updates within a second): the re-grading they call for waits until the
// burst has been quiet a moment, but never longer than `maxWaitMs` after its first event, so
// a cluster that never stops moving (a crash-looping pod) still gets its checks re-read.
export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => Date.now(),
};

export class Debouncer {
  private timer: unknown;
  private firstAt: number | undefined;

  constructor(
    private readonly run: () => void,
    readonly quietMs: number,
    readonly maxWaitMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Something changed: run once things are quiet (or the burst has lasted maxWaitMs). */
  poke(): void {
    const now = this.timers.now();
    this.firstAt ??= now;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.quietMs, this.firstAt + this.maxWaitMs - now));
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.firstAt = undefined;
      this.run();
    }, wait);
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  cancel(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.firstAt = undefined;
  }
}
