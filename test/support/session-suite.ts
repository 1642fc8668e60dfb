// The runner's session suite, written against the environment backend's driver so that it
// runs on each backend: runner/src/session/sessions.int.test.ts runs it on Docker, and
// runner/src/kube-backend/kube-environment.host.test.ts on a host cluster. Two learners
// side by side on one runner: bad input is refused with a clear error and changes nothing,
// each terminal reaches only its own cluster with the lab's setup applied, tabs re-attach,
// tokens do not cross, the admission rules hold, and ending a session leaves nothing of it
// on the backend.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunnerApiError, RunnerClient } from "../../runner/src/protocol/runner-client.ts";
import { terminalPath } from "../../runner/src/protocol/runner-contract.ts";
import { type StartedRunnerServer, startRunnerServer } from "../../runner/src/server.ts";
import {
  dockerEnvironmentDriver,
  type EnvironmentDriver,
} from "../../runner/src/session/environment-driver.ts";
import { writeFixtureLab } from "../../runner/src/session/fixture-lab.ts";
import { minutesToLimits } from "../../runner/src/session/session-expiry.ts";
import { TerminalClient } from "../../runner/src/terminal/terminal-client.ts";
import { TerminalTokens } from "../../runner/src/terminal/terminal-token.ts";

export interface SessionSuiteBackend {
  /** How the suite's titles name the backend ("Docker", "a host cluster"). */
  name: string;
  /** The runner's driver; the Docker one when left out. */
  driver?: EnvironmentDriver;
  /**
   * What the backend still holds of an environment (containers, networks, volumes; or
   * namespaces, pods, Services), waiting a while for it to go when `untilGone` is set.
   */
  objectsOf(environment: string, untilGone?: boolean): Promise<string[]>;
}

const SECRET = "integration-test-secret-0123456789abcdef";

export function describeSessions(backend: SessionSuiteBackend): void {
  describe(`sessions on ${backend.name}`, () => {
    let home: string;
    let runner: StartedRunnerServer;
    let api: RunnerClient;
    const ids: string[] = [];

    const driver = backend.driver ?? dockerEnvironmentDriver;
    const environmentOf = (id: string) => runner.sessions.get(id).environment!;

    async function apiError(call: Promise<unknown>): Promise<RunnerApiError> {
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      if (!(error instanceof RunnerApiError))
        throw new Error(`expected an API error, got ${String(error)}`);
      return error;
    }

    async function terminal(id: string, tab = 1): Promise<TerminalClient> {
      const { url } = await api.terminalToken(id, tab);
      return TerminalClient.connect(url);
    }

    beforeAll(async () => {
      home = await mkdtemp(path.join(tmpdir(), "kindling-sessions-"));
      const labsDir = path.join(home, "labs");
      await writeFixtureLab(labsDir, "fixture-lab");
      runner = await startRunnerServer({
        host: "127.0.0.1",
        port: 0,
        home,
        labsDir,
        secret: SECRET,
        maxEnvironments: 2,
        pool: "",
        limits: minutesToLimits({ session: 60, max: 120, idle: 30, warning: 5, extend: 30 }),
        // Left out for Docker, so the runner chooses it as in production.
        ...(backend.driver ? { driver: backend.driver } : {}),
        log: () => {},
      });
      api = new RunnerClient(runner.url, SECRET);
    });

    afterAll(async () => {
      for (const id of ids) await api.endSession(id).catch(() => {});
      await runner?.stop();
      await rm(home, { recursive: true, force: true });
    });

    describe("the runner API refuses bad input with a clear error and changes nothing", () => {
      it("an unknown lab is 404", async () => {
        const error = await apiError(api.createSession("no-such-lab", "u1"));
        expect(error.status).toBe(404);
        expect(error.body?.error).toEqual({
          code: "unknown_lab",
          message: 'no lab named "no-such-lab"',
        });
      });

      it("a malformed request is 400 naming the field", async () => {
        const error = await apiError(
          api.callUnchecked("createSession", { body: { labSlug: "fixture-lab" } }),
        );
        expect(error.status).toBe(400);
        expect(error.body?.error.message).toMatch(/^userId: /);
        expect((await apiError(api.callUnchecked("createSession", { body: "{nope" }))).status).toBe(
          400,
        );
      });

      it("an unknown session is 404", async () => {
        const error = await apiError(api.session("s00000000000000000000"));
        expect(error.status).toBe(404);
        expect(error.body?.error.code).toBe("unknown_session");
        expect(
          (await apiError(api.callUnchecked("endSession", { params: { id: "nonsense" } }))).status,
        ).toBe(404);
      });

      it("a wrong bearer secret is 401", async () => {
        const error = await apiError(new RunnerClient(runner.url, "wrong").capacity());
        expect(error.status).toBe(401);
      });

      it("none of that made a session or an environment", async () => {
        expect(await api.capacity()).toMatchObject({ inUse: 0, available: 2 });
      });
    });

    describe("two learners side by side", () => {
      it("provisions both with progress a learner can watch, and refuses a third at capacity", async () => {
        const a = await api.createSession("fixture-lab", "alice");
        const b = await api.createSession("fixture-lab", "bob");
        ids.push(a.id, b.id);
        expect(a.state).toBe("provisioning");

        const third = await apiError(api.createSession("fixture-lab", "carol"));
        expect(third.status).toBe(503);
        expect(third.body?.error.code).toBe("at_capacity");
        expect(third.body?.error.message).toMatch(/all 2 lab environments .* in use/);

        for (const id of ids) {
          const ready = await api.waitUntilSettled(id);
          expect(ready, JSON.stringify(ready)).toMatchObject({ state: "ready", fromPool: false });
          const steps = ready.progress.map((p) => p.step);
          expect(steps).toContain("initialising the control plane (kubeadm init)");
          expect(steps).toContain("applying the lab's starting state");
          expect(steps.at(-1)).toBe("ready");
          expect(Date.parse(ready.expiresAt!)).toBeGreaterThan(Date.now());
        }
        expect(await api.capacity()).toMatchObject({ inUse: 2, available: 0 });
      });

      it("gives each terminal its own cluster, with the lab's setup applied", async () => {
        const [a, b] = ids as [string, string];
        for (const [mine, theirs] of [
          [a, b],
          [b, a],
        ] as const) {
          const term = await terminal(mine);
          term.resize(120, 40);
          term.type(
            "kubectl get nodes -o name; kubectl get configmap lab-setup -o name; echo END-$((6*7))\r",
          );
          await term.waitFor(/END-42/, 60_000);
          expect(term.text).toContain(`node/${environmentOf(mine)}-control-plane`);
          expect(term.text).not.toContain(environmentOf(theirs));
          expect(term.text).toContain("configmap/lab-setup");
          await term.close();
        }
      });

      it("re-attaches a tab to the same shell after a reconnect", async () => {
        const first = await terminal(ids[0]!, 2);
        first.type("export KEPT=still-here-$((40+2))\r");
        await first.waitFor(/export KEPT/);
        await first.close();
        const again = await terminal(ids[0]!, 2);
        again.type('echo "$KEPT"\r');
        await again.waitFor(/still-here-42/, 30_000);
        await again.close();
      });

      it("refuses a token for one session on the other's terminal, and an expired token", async () => {
        const [a, b] = ids as [string, string];
        const { token } = await api.terminalToken(a, 1);
        const crossed = await TerminalClient.connect(
          `${runner.url.replace("http", "ws")}${terminalPath(b, 1)}?token=${token}`,
        );
        expect(await crossed.closed).toEqual({
          code: 4401,
          reason: "terminal token is for another session or tab",
        });

        const old = await new TerminalTokens(SECRET, 60, () => Date.now() - 120_000).issue({
          sessionId: a,
          tab: 1,
          origin: new URL(runner.url).origin,
        });
        const expired = await TerminalClient.connect(
          `${runner.url.replace("http", "ws")}${terminalPath(a, 1)}?token=${old.token}`,
        );
        expect(await expired.closed).toEqual({
          code: 4401,
          reason: "terminal token expired; ask for a new one",
        });
      });

      it("refuses a learner's privileged pod, hostPath pod and hostNetwork pod", async () => {
        const term = await terminal(ids[0]!, 3);
        term.type("kubectl run priv --image=busybox --privileged -- sleep 1d; echo END-$((6*7))\r");
        await term.waitFor(/END-42/, 60_000);
        expect(term.text).toMatch(/violates PodSecurity "baseline:latest": privileged/);
        await term.close();

        const environment = await driver.attach(environmentOf(ids[0]!));
        for (const [name, spec] of [
          [
            "hostpath",
            "containers: [{ name: c, image: busybox, command: [sleep, 1d], volumeMounts: [{ name: h, mountPath: /host }] }]\n  volumes: [{ name: h, hostPath: { path: / } }]",
          ],
          [
            "hostnet",
            "hostNetwork: true\n  containers: [{ name: c, image: busybox, command: [sleep, 1d] }]",
          ],
        ]) {
          const result = await environment.workstationExec(
            [
              "bash",
              "-c",
              `kubectl apply -f - <<'YAML'\napiVersion: v1\nkind: Pod\nmetadata: { name: ${name} }\nspec:\n  ${spec}\nYAML`,
            ],
            { timeoutMs: 60_000 },
          );
          expect(result.exitCode).not.toBe(0);
          expect(result.stderr).toMatch(/violates PodSecurity "baseline:latest": host/);
        }
      });

      it("ending a session removes everything the backend held for it", async () => {
        // ids keeps what is not yet ended, so afterAll still ends it if an assertion fails.
        for (const id of [...ids]) {
          const environment = environmentOf(id);
          expect(await backend.objectsOf(environment)).not.toEqual([]);
          const open = await terminal(id, 1);
          const ended = await api.endSession(id);
          expect(ended).toMatchObject({ state: "ended", reason: "ended by request" });
          expect((await open.closed).code).toBe(4410);
          expect(await backend.objectsOf(environment, true)).toEqual([]);
          ids.splice(ids.indexOf(id), 1);
          const refused = await apiError(api.terminalToken(id, 1));
          expect(refused.status).toBe(409);
        }
        expect(await api.capacity()).toMatchObject({ inUse: 0 });
      });
    });
  });
}
