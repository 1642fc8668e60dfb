import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LabEnvironment } from "../environment/lab-environment.ts";
import { checkSchema } from "../lab-format/check-format.ts";
import { environmentTarget } from "./environment-target.ts";
import { gradeAtRest } from "./grade-at-rest.ts";
import { gradeCheck, gradeStep } from "./grade-step.ts";
import type { GradingTarget } from "./grading-target.ts";
import { waitUntilSettled, withoutRetries } from "./settle.ts";

// Each check kind on one real environment (control plane + 1 worker), failing on a
// realistic mistake with the words a learner needs, and passing on the right answer.
const NAME = `grader-${process.pid % 10000}`;
let environment: LabEnvironment;
let target: GradingTarget;

const asLearner = (script: string) =>
  environment.workstationExec(["sh", "-c", script], { timeoutMs: 120_000 });
const grade = (check: Record<string, unknown>) =>
  gradeCheck(target, checkSchema.parse({ description: "d", ...check }));

const service = (name: string, extra: string) => `apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec:
  type: NodePort
  selector: { app: kubia }
  ports: [{ port: 80, targetPort: 8080 }]
${extra}`;

beforeAll(async () => {
  environment = await LabEnvironment.create({ name: NAME, workers: 1, addons: [] });
  target = environmentTarget(environment);
  await environment.applyAsLearner([
    {
      name: "kubia.yaml",
      content: `apiVersion: apps/v1
kind: Deployment
metadata: { name: kubia }
spec:
  replicas: 3
  selector: { matchLabels: { app: kubia } }
  template:
    metadata: { labels: { app: kubia } }
    spec: { containers: [{ name: kubia, image: "kindling/kubia:v1", ports: [{ containerPort: 8080 }] }] }`,
    },
    { name: "spread.yaml", content: service("spread", "") },
    { name: "sticky.yaml", content: service("sticky", "  sessionAffinity: ClientIP") },
    {
      name: "wrong-selector.yaml",
      content: service("wrong-selector", "").replace("app: kubia }", "app: kubya }"),
    },
    {
      name: "wrong-port.yaml",
      content: service("wrong-port", "").replace("targetPort: 8080", "targetPort: 9090"),
    },
  ]);
  const rolled = await asLearner("kubectl rollout status deployment/kubia --timeout=180s");
  expect(rolled.exitCode, rolled.stderr).toBe(0);
});

afterAll(async () => {
  await environment?.destroy();
});

describe("graders on a real cluster", () => {
  it("resource: a wrong label selector leaves a Service without endpoints", async () => {
    const check = (name: string) => ({
      id: "endpoints",
      kind: "resource",
      resource: { apiVersion: "v1", kind: "Service", name },
      endpoints: { ready: { min: 3 } },
      timeoutSeconds: 2,
    });
    const wrong = await grade(check("wrong-selector"));
    expect(wrong).toMatchObject({
      passed: false,
      observed:
        "Service wrong-selector selects app=kubya but no pod has that label, so it has no endpoints",
    });
    expect((await grade(check("spread"))).passed).toBe(true);
  });

  it("http: a wrong targetPort is refused, the right one answers from several pods", async () => {
    const check = (name: string) => ({
      id: "answers",
      kind: "http",
      from: "pod",
      target: { service: { name, port: 80 } },
      requests: 10,
      expect: { bodyContains: "You've hit kubia-", distinctBackends: { min: 2 } },
      // The first probe pod of a fresh cluster pulls its image through the mirror.
      timeoutSeconds: 30,
    });
    const wrong = await grade(check("wrong-port"));
    expect(wrong.passed).toBe(false);
    expect(wrong.observed).toContain(
      "the connection was refused — Service wrong-port forwards to targetPort 9090, but its pods listen on 8080",
    );
    const right = await grade(check("spread"));
    expect(right.passed, right.observed).toBe(true);
  });

  it("http: affinity per entry node — None spreads, ClientIP sticks", async () => {
    const check = (name: string) => ({
      id: "sticky",
      kind: "http",
      from: "workstation",
      target: { nodePort: { service: name } },
      requests: 15,
      expect: { distinctBackends: { exactly: 1 } },
      timeoutSeconds: 2,
    });
    const none = await grade(check("spread"));
    expect(none.passed).toBe(false);
    expect(none.observed).toMatch(/15 requests through node .* reached [23] pods/);
    const sticky = await grade(check("sticky"));
    expect(sticky.passed, sticky.observed).toBe(true);
  });

  it("http: a step's checks from one vantage point probe in one exec, each judged alone", async () => {
    const execs: string[] = [];
    const counting: GradingTarget = {
      ...target,
      node: (node, script, timeoutMs) => {
        execs.push(node);
        return target.node!(node, script, timeoutMs);
      },
    };
    const check = (id: string, name: string) =>
      withoutRetries(
        checkSchema.parse({
          id,
          description: `Service ${name} answers`,
          kind: "http",
          from: "node",
          target: { service: { name, port: 80 } },
          requests: 10,
          expect: { bodyContains: "You've hit kubia-", distinctBackends: { min: 2 } },
        }),
      );
    const graded = await gradeStep(counting, {
      id: "both",
      title: "both",
      hints: [],
      checks: [check("right", "spread"), check("wrong", "wrong-port")],
    });
    expect(execs).toHaveLength(1);
    expect(graded.results[0]!.passed, graded.results[0]!.observed).toBe(true);
    expect(graded.results[1]!.passed).toBe(false);
    expect(graded.results[1]!.observed).toContain(
      "Service wrong-port forwards to targetPort 9090, but its pods listen on 8080",
    );
  });

  it("port-forward: fails while no forward runs, passes once it does", async () => {
    const check = {
      id: "forward",
      kind: "port-forward",
      port: 8888,
      expect: { bodyContains: "You've hit kubia-" },
      timeoutSeconds: 1,
    };
    const missing = await grade(check);
    expect(missing.observed).toBe(
      "nothing listens on localhost:8888 in your workstation — is `kubectl port-forward` still running?",
    );
    await asLearner(
      "setsid nohup kubectl port-forward deployment/kubia 8888:8080 >/tmp/pf.log 2>&1 </dev/null & sleep 3",
    );
    const running = await grade({ ...check, timeoutSeconds: 10 });
    expect(running.passed, running.observed).toBe(true);
  });

  it("command: a failing command reports the author's message and keeps its output for the author", async () => {
    const check = (name: string) => ({
      id: "dns",
      kind: "command",
      from: "pod",
      run: `nslookup ${name}.default.svc.cluster.local`,
      message: `${name} does not resolve`,
      timeoutSeconds: 10,
    });
    const wrong = await grade(check("nope"));
    expect(wrong).toMatchObject({ passed: false, observed: "nope does not resolve" });
    expect(wrong.diagnostics).toContain("nslookup nope");
    expect((await grade(check("spread"))).passed).toBe(true);
  });
});

describe("a verdict at rest", () => {
  const step = (check: Record<string, unknown>) => ({
    id: "step",
    title: "a step",
    hints: [],
    checks: [checkSchema.parse({ id: "c", description: "d", ...check })],
  });

  it("fails at once on a namespace at rest, however long the check's timeout", async () => {
    await waitUntilSettled(target, 60_000);
    const started = performance.now();
    const result = await gradeAtRest(
      target,
      step({
        kind: "resource",
        resource: { apiVersion: "v1", kind: "Service", name: "spread" },
        expect: { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
        timeoutSeconds: 60,
      }),
    );
    const ms = performance.now() - started;
    expect(result.passed).toBe(false);
    expect(result.waitedFor).toBeUndefined();
    expect(result.results[0]!.observed).toBe(
      "Service spread: the only port in spec.ports has targetPort 8080; the check expects targetPort 9090",
    );
    expect(ms).toBeLessThan(2000);
  });

  it("waits while a Deployment starts, says so, and passes once it is ready", async () => {
    const applied = await environment.applyAsLearner([
      {
        name: "late.yaml",
        content: `apiVersion: apps/v1
kind: Deployment
metadata: { name: late }
spec:
  replicas: 2
  selector: { matchLabels: { app: late } }
  template:
    metadata: { labels: { app: late } }
    spec:
      containers:
        - name: kubia
          image: kindling/kubia:v1
          # Not ready for a few seconds, so the first grading surely finds it starting.
          readinessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 6, periodSeconds: 2 }`,
      },
    ]);
    expect(applied.exitCode, applied.stderr).toBe(0);
    const result = await gradeAtRest(
      target,
      step({
        kind: "resource",
        resource: { apiVersion: "apps/v1", kind: "Deployment", name: "late" },
        expect: { status: { readyReplicas: 2 } },
        timeoutSeconds: 120,
      }),
    );
    expect(result.passed, result.results[0]!.observed).toBe(true);
    expect(result.waitedFor?.join("; ")).toMatch(/late/);
  });
});
