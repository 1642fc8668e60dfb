import { describe, expect, it, vi } from "vitest";
import { checkSchema, type Check, type ResourceCheck } from "../lab-format/check-format.ts";
import type { LiveServerMessage } from "../protocol/live-api.ts";
import type { ResourceWatch } from "./environment-watch.ts";
import type { WatchedResource } from "./live-plan.ts";
import { type LiveEnvironment, LiveHub, type LiveSubscriber } from "./live-hub.ts";

const checks: Check[] = [
  checkSchema.parse({
    id: "service-shape",
    kind: "resource",
    description: "Service kubia exposes port 80",
    resource: { apiVersion: "v1", kind: "Service", name: "kubia" },
    expect: { spec: { ports: [{ port: 80 }] } },
  }),
  checkSchema.parse({
    id: "answers",
    kind: "http",
    description: "Service kubia answers",
    from: "pod",
    target: { service: { name: "kubia", port: 80 } },
    expect: { status: 200 },
  }),
];
const step = { id: "create-service", checks };

/** An environment whose cluster is a flag the test flips, with watches it can count. */
function fakeEnvironment() {
  const world = {
    serviceExists: false,
    broken: false,
    opened: 0,
    open: 0,
    graded: 0,
    followed: [] as WatchedResource[],
    change: () => {},
  };
  const environment: LiveEnvironment = {
    watch: async (onChange) => {
      world.opened++;
      world.open++;
      world.change = onChange;
      let stopped = false;
      const watch: ResourceWatch = {
        follow: (resources) => world.followed.push(...resources),
        stop: () => {
          if (!stopped) world.open--;
          stopped = true;
        },
        get size() {
          return stopped ? 0 : 1;
        },
      };
      return watch;
    },
    grade: async (check: ResourceCheck) => {
      world.graded++;
      if (world.broken) throw new Error("API server unreachable");
      return check.id === "service-shape" && world.serviceExists;
    },
  };
  return { world, environment };
}

function player() {
  const received: LiveServerMessage[] = [];
  const subscriber: LiveSubscriber = { send: (m) => received.push(m) };
  const states = () =>
    Object.fromEntries((received.at(-1)?.checks ?? []).map((c) => [c.id, c.state]));
  return { subscriber, received, states };
}

describe("live check states", () => {
  it("shares one watch between players and re-grades resource checks when the cluster changes", async () => {
    const { world, environment } = fakeEnvironment();
    const open = vi.fn(async () => environment);
    const hub = new LiveHub({ open, quietMs: 5, maxWaitMs: 50 });
    const [a, b] = [player(), player()];
    hub.join("env-1", a.subscriber);
    hub.join("env-1", b.subscriber);
    hub.show("env-1", a.subscriber, step);
    hub.show("env-1", b.subscriber, step);
    await vi.waitFor(() => expect(b.received).toHaveLength(1));
    expect(open).toHaveBeenCalledTimes(1);
    expect(world.opened).toBe(1);
    expect(a.states()).toEqual({ "service-shape": "not-yet", answers: "not-live" });
    expect(world.followed).toContainEqual({ type: "Service", namespace: "default" });
    expect(await hub.watching()).toEqual({ environments: 1, watches: 1, players: 2 });

    // A burst of events is one re-grading; an unchanged answer is not sent again.
    const before = world.graded;
    for (let i = 0; i < 5; i++) world.change();
    await vi.waitFor(() => expect(hub.evaluations).toBe(2));
    expect(world.graded - before).toBe(1);
    expect(a.received).toHaveLength(1);

    world.serviceExists = true;
    world.change();
    await vi.waitFor(() => expect(a.received).toHaveLength(2));
    expect(a.states()).toEqual({ "service-shape": "passing", answers: "not-live" });
    expect(b.states()).toEqual({ "service-shape": "passing", answers: "not-live" });
  });

  it("stops watching when the last player leaves, and watches afresh when one comes back", async () => {
    const { world, environment } = fakeEnvironment();
    const hub = new LiveHub({ open: async () => environment, quietMs: 5 });
    const first = player();
    hub.join("env-1", first.subscriber);
    hub.show("env-1", first.subscriber, step);
    await vi.waitFor(() => expect(first.received).toHaveLength(1));
    hub.leave("env-1", first.subscriber);
    await vi.waitFor(() => expect(world.open).toBe(0));
    expect(await hub.watching()).toEqual({ environments: 0, watches: 0, players: 0 });

    // A dropped connection comes back as a new player: one watch again, never two.
    for (let i = 0; i < 3; i++) {
      const again = player();
      hub.join("env-1", again.subscriber);
      hub.show("env-1", again.subscriber, step);
      await vi.waitFor(() => expect(again.received).toHaveLength(1));
      hub.leave("env-1", again.subscriber);
    }
    await vi.waitFor(() => expect(world.open).toBe(0));
    expect(world.opened).toBe(4);
  });

  it("says a check could not be read rather than guessing", async () => {
    const { world, environment } = fakeEnvironment();
    world.broken = true;
    const hub = new LiveHub({ open: async () => environment, quietMs: 5 });
    const one = player();
    hub.join("env-1", one.subscriber);
    hub.show("env-1", one.subscriber, step);
    await vi.waitFor(() => expect(one.received).toHaveLength(1));
    expect(one.states()).toEqual({ "service-shape": "unknown", answers: "not-live" });
    hub.leave("env-1", one.subscriber);
  });
});
