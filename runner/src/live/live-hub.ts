// Live check states, shared per environment: however many players (tabs) are open on it,
// one set of watches follows its cluster and one debounced re-grading serves them all. The
// first player to join opens the watches; the last to leave stops them, so a closed player
// costs nothing. States are a preview: nothing here records progress.
import type { Check, ResourceCheck } from "../lab-format/check-format.ts";
import type { LiveCheckState, LiveServerMessage } from "../protocol/live-api.ts";
import { Debouncer, type Timers } from "./debounce.ts";
import { runsLive, timeToRecheckMs, watchedResources } from "./live-plan.ts";
import type { ResourceWatch } from "./environment-watch.ts";

export interface LiveStep {
  id: string;
  checks: readonly Check[];
}

export interface LiveSubscriber {
  send(message: LiveServerMessage): void;
}

/** What the hub needs from an environment; the runner's are in live-server.ts. */
export interface LiveEnvironment {
  /** Opens the watches; `onChange` on every event. */
  watch(onChange: () => void): Promise<ResourceWatch>;
  /** One attempt at a resource check, no retries: passed or not; throws when it cannot run. */
  grade(check: ResourceCheck): Promise<boolean>;
}

export interface LiveHubOptions {
  /** An environment by name, for its first player. */
  open(environment: string): Promise<LiveEnvironment>;
  quietMs?: number;
  maxWaitMs?: number;
  timers?: Timers;
  log?: (line: string) => void;
}

interface Member {
  step?: LiveStep;
  last?: string;
}

interface Entry {
  members: Map<LiveSubscriber, Member>;
  environment: Promise<LiveEnvironment>;
  watch: Promise<ResourceWatch | undefined>;
  debouncer: Debouncer;
  running: boolean;
  again: boolean;
  recheck?: NodeJS.Timeout;
}

export class LiveHub {
  private readonly entries = new Map<string, Entry>();
  /** Re-gradings run so far (the bench reads it). */
  evaluations = 0;

  constructor(private readonly options: LiveHubOptions) {}

  /** Environments being watched, and their watch connections. */
  async watching(): Promise<{ environments: number; watches: number; players: number }> {
    let watches = 0;
    let players = 0;
    for (const entry of this.entries.values()) {
      watches += (await entry.watch)?.size ?? 0;
      players += entry.members.size;
    }
    return { environments: this.entries.size, watches, players };
  }

  join(environment: string, subscriber: LiveSubscriber): void {
    let entry = this.entries.get(environment);
    if (!entry) {
      const opened = this.options.open(environment);
      const created: Entry = {
        members: new Map(),
        environment: opened,
        watch: Promise.resolve(undefined),
        debouncer: new Debouncer(
          () => void this.evaluate(environment, created),
          this.options.quietMs ?? 400,
          this.options.maxWaitMs ?? 2000,
          this.options.timers,
        ),
        running: false,
        again: false,
      };
      created.watch = opened
        .then((env) => env.watch(() => created.debouncer.poke()))
        .catch((error: Error) => {
          this.options.log?.(`live checks on ${environment}: ${error.message}`);
          return undefined;
        });
      // Stopped by leave() if the last player left while it was opening.
      opened.catch(() => {});
      entry = created;
      this.entries.set(environment, entry);
    }
    entry.members.set(subscriber, {});
  }

  /** The player shows this step: follow what its checks read, and send their states soon. */
  show(environment: string, subscriber: LiveSubscriber, step: LiveStep): void {
    const entry = this.entries.get(environment);
    const member = entry?.members.get(subscriber);
    if (!entry || !member) return;
    member.step = step;
    member.last = undefined;
    const resources = watchedResources(step.checks);
    void entry.watch.then((w) => w?.follow(resources));
    entry.debouncer.poke();
  }

  leave(environment: string, subscriber: LiveSubscriber): void {
    const entry = this.entries.get(environment);
    if (!entry?.members.delete(subscriber) || entry.members.size > 0) return;
    this.entries.delete(environment);
    entry.debouncer.cancel();
    if (entry.recheck) clearTimeout(entry.recheck);
    void entry.watch.then((w) => w?.stop());
  }

  private async evaluate(name: string, entry: Entry): Promise<void> {
    if (entry.running) {
      entry.again = true;
      return;
    }
    entry.running = true;
    try {
      const environment = await entry.environment;
      const steps = new Map<string, LiveStep>();
      for (const member of entry.members.values())
        if (member.step) steps.set(member.step.id, member.step);
      this.evaluations++;
      let recheckMs = 0;
      for (const step of steps.values()) {
        const message = await this.states(environment, step);
        const failing = new Set(
          message.checks.filter((c) => c.state !== "passing").map((c) => c.id),
        );
        recheckMs = Math.max(recheckMs, timeToRecheckMs(step.checks, failing));
        const text = JSON.stringify(message.checks);
        for (const [subscriber, member] of entry.members)
          if (member.step?.id === step.id && member.last !== text) {
            member.last = text;
            subscriber.send(message);
          }
      }
      if (entry.recheck) clearTimeout(entry.recheck);
      entry.recheck = undefined;
      if (recheckMs > 0 && this.entries.get(name) === entry) {
        entry.recheck = setTimeout(() => entry.debouncer.poke(), recheckMs);
        entry.recheck.unref();
      }
    } catch (error) {
      this.options.log?.(`live checks on ${name}: ${(error as Error).message}`);
    } finally {
      entry.running = false;
      if (entry.again && this.entries.get(name) === entry) {
        entry.again = false;
        entry.debouncer.poke();
      }
    }
  }

  private async states(environment: LiveEnvironment, step: LiveStep): Promise<LiveServerMessage> {
    const checks = await Promise.all(
      step.checks.map(async (check) => {
        let state: LiveCheckState = "not-live";
        if (runsLive(check))
          state = await environment.grade(check).then(
            (passed) => (passed ? "passing" : "not-yet"),
            () => "unknown",
          );
        return { id: check.id, state };
      }),
    );
    return { type: "states", stepId: step.id, checks, at: new Date().toISOString() };
  }
}
