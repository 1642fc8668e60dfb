import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunnerApiError, RunnerClient } from "../protocol/runner-client.ts";
import { LabEnvironment } from "../environment/lab-environment.ts";
import { type StartedRunnerServer, startRunnerServer } from "../server.ts";
import { minutesToLimits } from "../session/session-expiry.ts";

// The player's endpoints on one real session of the `nodeport` lab (on a one-node cluster,
// to keep two cores free): Check fails then passes, Apply locates its problems, another
// session's id touches nothing here, Reset step restores the step's starting state.
const SECRET = "integration-test-secret-0123456789abcdef";
const repoLabs = path.resolve(import.meta.dirname, "../../../labs");
const ENDED = "s0000000000000000e1de";
let home: string;
let runner: StartedRunnerServer;
let api: RunnerClient;
let id = "";

const service = (targetPort: number | string, nodePort = 30123) => `apiVersion: v1
kind: Service
metadata:
  name: kubia-nodeport
spec:
  type: NodePort
  selector:
    app: kubia
  ports:
    - port: 80
      targetPort: ${targetPort}
      nodePort: ${nodePort}
`;

const check = (stepId: string, session = id) =>
  api.call("checkStep", { params: { id: session, stepId }, body: {} });
const apply = (content: string, name = "kubia-nodeport.yaml", session = id) =>
  api.call("applyFile", { params: { id: session }, body: { name, content } });
const environment = () => LabEnvironment.attach(runner.sessions.get(id).environment!);
const admin = async (args: string[]) => (await environment()).cluster.kubectl(args);

async function refused(call: Promise<unknown>): Promise<RunnerApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RunnerApiError))
    throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), "kindling-p1-player-"));
  const labsDir = path.join(home, "labs");
  await cp(path.join(repoLabs, "nodeport"), path.join(labsDir, "nodeport"), { recursive: true });
  const labFile = path.join(labsDir, "nodeport", "lab.yaml");
  await writeFile(
    labFile,
    (await readFile(labFile, "utf8")).replace(
      "topology: { workers: 2 }",
      "topology: { workers: 0 }",
    ),
  );
  // A session that ended before this runner started: its id is real, its environment gone.
  const now = Date.now();
  await mkdir(path.join(home, "runner"), { recursive: true });
  await writeFile(
    path.join(home, "runner", "state.json"),
    JSON.stringify({
      version: 1,
      runnerId: "b1b1b1",
      pool: [],
      sessions: [
        {
          id: ENDED,
          labSlug: "nodeport",
          userId: "someone-else",
          topology: "w0",
          state: "ended",
          reason: "ended by request",
          progress: [],
          fromPool: false,
          createdAt: now - 60_000,
          endedAt: now - 30_000,
          lastActivityAt: now - 30_000,
          deadlineAt: now + 60_000,
        },
      ],
    }),
  );
  runner = await startRunnerServer({
    host: "127.0.0.1",
    port: 0,
    home,
    labsDir,
    secret: SECRET,
    maxEnvironments: 1,
    pool: "",
    limits: minutesToLimits({ session: 60, max: 120, idle: 30, warning: 5, extend: 30 }),
    log: () => {},
  });
  api = new RunnerClient(runner.url, SECRET);
  id = (await api.createSession("nodeport", "p1-learner")).id;
  const ready = await api.waitUntilSettled(id);
  expect(ready, JSON.stringify(ready)).toMatchObject({ state: "ready" });
});

afterAll(async () => {
  if (id) await api.endSession(id).catch(() => {});
  await runner?.stop();
  await rm(home, { recursive: true, force: true });
});

describe("the player's endpoints on a real environment", () => {
  it("serves the cluster's own schema for the editor", async () => {
    const answer = await api.call("editorSchema", { params: { id } });
    expect(answer.kubernetesVersion).toMatch(/^v1\.\d+\.\d+/);
    const kinds = (answer.schema.oneOf as { properties: { kind: { enum: string[] } } }[]).map(
      (k) => k.properties.kind.enum[0],
    );
    expect(kinds).toEqual(expect.arrayContaining(["Service", "Deployment", "Pod", "Ingress"]));
  });

  it("Check fails at once on the starting state, naming what is missing, with the first hint", async () => {
    await admin(["rollout", "status", "deployment/kubia", "--timeout=180s"]);
    const started = Date.now();
    const answer = await check("create-nodeport");
    expect(answer.passed).toBe(false);
    const shape = answer.results.find((r) => r.id === "service-shape")!;
    expect(shape).toMatchObject({ passed: false, kind: "resource" });
    expect(shape.observed).toMatch(/there is no Service kubia-nodeport/);
    expect(shape.hint).toMatch(/Without a `type`/);
    expect(shape).not.toHaveProperty("diagnostics");
    // Nothing is settling, so no check sits out its retry window.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("Apply of malformed YAML gives the line, and changes nothing", async () => {
    const answer = await apply(
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubia-nodeport\nspec:\n  ports: [80\n",
    );
    expect(answer.applied).toBe(false);
    expect(answer.problems[0]!.line).toBeGreaterThanOrEqual(6);
    expect(answer.problems[0]!.message).toMatch(/^YAML: /);
  });

  it("Apply of a manifest the API server refuses names the object and the field's line", async () => {
    const answer = await apply(service(8080, 80));
    expect(answer.applied).toBe(false);
    expect(answer.problems).toEqual([
      expect.objectContaining({
        line: 12,
        object: "Service/kubia-nodeport",
        message: expect.stringMatching(/spec\.ports\[0\]\.nodePort: Invalid value: 80/),
      }),
    ]);
  });

  it("Apply of a mistake applies as the learner; Check names the mistake; the fix passes", async () => {
    const wrong = await apply(service(8081));
    expect(wrong).toEqual({
      applied: true,
      objects: ["service/kubia-nodeport created"],
      problems: [],
    });
    // The file is the learner's, in their home, for `kubectl apply -f` in the terminal.
    const inHome = await (
      await environment()
    ).workstationExec([
      "sh",
      "-c",
      "stat -c %U ~/kubia-nodeport.yaml && cat ~/kubia-nodeport.yaml",
    ]);
    expect(inHome.stdout).toBe(`learner\n${service(8081)}`);

    const failing = await check("create-nodeport");
    expect(failing.passed).toBe(false);
    const shape = failing.results.find((r) => r.id === "service-shape")!;
    expect(shape.observed).toMatch(/targetPort/);
    expect(shape.observed).toMatch(/8081/);
    const http = failing.results.find((r) => r.id === "answers-on-every-node")!;
    expect(http.observed).toMatch(/refused/);

    const fixed = await apply(service(8080));
    expect(fixed.objects).toEqual(["service/kubia-nodeport configured"]);
    const passing = await check("create-nodeport");
    expect(passing.results.map((r) => [r.id, r.passed, r.observed])).toEqual([
      ["service-shape", true, expect.any(String)],
      ["answers-on-every-node", true, expect.any(String)],
    ]);
    expect(passing.passed).toBe(true);
    expect(passing.results.every((r) => r.hint === undefined)).toBe(true);
  });

  it("another session's id, with the right secret, acts on that session only", async () => {
    for (const call of [
      () => check("create-nodeport", ENDED),
      () =>
        apply(
          "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: from-elsewhere }\n",
          "x.yaml",
          ENDED,
        ),
      () => api.call("resetStep", { params: { id: ENDED, stepId: "create-nodeport" }, body: {} }),
      () => api.call("editorSchema", { params: { id: ENDED } }),
    ]) {
      const error = await refused(call());
      expect(error.status).toBe(409);
      expect(error.body?.error.message).toMatch(new RegExp(`session "${ENDED}"`));
    }
    const unknown = await refused(check("create-nodeport", "s0123456789abcdef0123"));
    expect(unknown.status).toBe(404);
    // The client would not send this name; the runner must refuse it all the same.
    const traversal = await refused(
      api.callUnchecked("applyFile", {
        params: { id },
        body: { name: "../.kube/config", content: "a: b\n" },
      }),
    );
    expect(traversal.status).toBe(400);
    const noStep = await refused(check("no-such-step"));
    expect(noStep.status).toBe(404);
    expect(await admin(["get", "configmaps", "-o", "name"])).not.toMatch(/from-elsewhere/);
  });

  it("Reset step restores the step's starting state: setup plus earlier solutions, nothing else", async () => {
    await apply(service(8081));
    await apply("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: stray }\n", "stray.yaml");
    // Kinds Reset once left behind: a learner can make them, so Reset removes them.
    await apply(
      "apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: stray }\n---\n" +
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: stray }\n" +
        "spec: { minAvailable: 1, selector: { matchLabels: { app: stray } } }\n",
      "stray-kinds.yaml",
    );
    const strays = () => admin(["get", "serviceaccounts,poddisruptionbudgets", "-o", "name"]);
    expect(await strays()).toMatch(/serviceaccount\/stray\n.*poddisruptionbudget.*\/stray/s);
    await admin(["scale", "deployment", "kubia", "--replicas=1"]);

    const started = await api.call("resetStep", {
      params: { id, stepId: "every-node-forwards" },
      body: {},
    });
    expect(started.state).toBe("resetting");
    expect((await refused(check("create-nodeport"))).status).toBe(409);
    const done = await api.waitUntilSettled(id, 5 * 60_000);
    expect(done.state, JSON.stringify(done)).toBe("ready");
    expect(done.progress.map((p) => p.step)).toContain(
      "solving “Create a NodePort Service” as you would have",
    );

    expect(await admin(["get", "configmaps", "-o", "name"])).not.toMatch(/stray/);
    expect(await strays()).not.toMatch(/stray/);
    // What the cluster keeps in every namespace stays.
    expect((await admin(["get", "serviceaccount", "default", "-o", "name"])).trim()).toBe(
      "serviceaccount/default",
    );
    expect(
      await admin([
        "get",
        "service",
        "kubia-nodeport",
        "-o",
        "jsonpath={.spec.ports[0].targetPort}",
      ]),
    ).toBe("8080");
    expect(
      await admin(["get", "deployment", "kubia", "-o", "jsonpath={.status.readyReplicas}"]),
    ).toBe("3");
    expect((await check("create-nodeport")).passed).toBe(true);
    expect((await check("every-node-forwards")).passed).toBe(false);
  });
});
