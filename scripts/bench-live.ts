// The live checks section of `npm run bench` (issue 17), on its own with
// `npx tsx scripts/bench-live.ts [--seconds 60]`: what open players cost while the runner
// watches their environment. One single-node environment of a small lab (a kubia
// Deployment; a step with a Service shape check, an endpoints check and a traffic check),
// then for 0, 1 and PLAYERS open players, each for one window idle and one window while the
// learner applies and deletes a Service every APPLY_EVERY_MS: the API server's CPU (the
// kube-apiserver process in the control-plane node), the whole control-plane container's CPU
// (its cgroup, as Docker reports it) and the runner's CPU. The runner runs in this process,
// so its figure includes the bench's own players (a WebSocket each) and its kubectl execs;
// those are the same in every window, so the difference from 0 players is the live checks'.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { WebSocket } from "ws";
import { CLUSTER_LABEL, ROLE_LABEL } from "../runner/src/cluster/labels.ts";
import { removeCluster } from "../runner/src/cluster/cluster-store.ts";
import { execIn } from "../runner/src/cluster/node-exec.ts";
import { LabEnvironment } from "../runner/src/environment/lab-environment.ts";
import { RunnerClient } from "../runner/src/protocol/runner-client.ts";
import { minutesToLimits } from "../runner/src/session/session-expiry.ts";
import { type StartedRunnerServer, startRunnerServer } from "../runner/src/server.ts";
import { docker, dockerReachable } from "../runner/src/util/docker.ts";

const SECRET = "bench-live-secret-0123456789abcdef012345";
const ORIGIN = "http://bench.localhost";
const PLAYERS = 4;
const APPLY_EVERY_MS = 3000;
const SLUG = "bench-live";

const LAB = `title: Live checks bench
summary: A Service over a kubia Deployment.
durationMinutes: 5
difficulty: beginner
topology: { workers: 0 }
addons: []
steps:
  - id: expose
    title: Expose kubia
    file: steps/01.md
    solution: solution/01
    checks:
      - id: service-shape
        kind: resource
        description: Service kubia on port 80
        resource: { apiVersion: v1, kind: Service, name: kubia }
        expect: { spec: { ports: [{ port: 80, targetPort: 8080 }] } }
      - id: service-endpoints
        kind: resource
        description: Service kubia has a ready endpoint
        resource: { apiVersion: v1, kind: Service, name: kubia }
        endpoints: { ready: { min: 1 } }
      - id: service-answers
        kind: http
        description: Service kubia answers
        from: pod
        target: { service: { name: kubia, port: 80 } }
        requests: 1
        expect: { status: 200 }
alternatives:
  - { name: named, step: expose, why: a named port }
`;
const SERVICE = (name = "") =>
  `apiVersion: v1
kind: Service
metadata: { name: kubia, namespace: default }
spec:
  selector: { app: kubia }
  ports: [{ ${name}port: 80, targetPort: 8080 }]
`;
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: kubia, namespace: default }
spec:
  replicas: 1
  selector: { matchLabels: { app: kubia } }
  template:
    metadata: { labels: { app: kubia } }
    spec:
      containers: [{ name: kubia, image: kindling/kubia:v1, ports: [{ containerPort: 8080 }] }]
`;

async function writeLab(dir: string) {
  const files: [string, string][] = [
    ["lab.yaml", LAB],
    ["steps/01.md", "Expose kubia.\n"],
    ["setup/01-kubia.yaml", DEPLOYMENT],
    ["solution/01/service.yaml", SERVICE()],
    ["alternative/named/service.yaml", SERVICE("name: http, ")],
  ];
  for (const [file, text] of files) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
}

/** CPU seconds so far: kube-apiserver in the control-plane node, and that node's container. */
async function controlPlaneCpu(environment: string): Promise<{ apiServer: number; node: number }> {
  const engine = await docker();
  const [node] = await engine.listContainers({
    filters: { label: [`${CLUSTER_LABEL}=${environment}`, `${ROLE_LABEL}=control-plane`] },
  });
  if (!node) throw new Error(`no control-plane node for ${environment}`);
  const stats = await engine.getContainer(node.Id).stats({ stream: false });
  const script =
    'for d in /proc/[0-9]*; do [ "$(cat $d/comm 2>/dev/null)" = kube-apiserver ] && cat $d/stat; done; getconf CLK_TCK';
  const { stdout } = await execIn(engine.getContainer(node.Id), ["sh", "-c", script]);
  const [stat = "", tick = "100"] = stdout.trim().split("\n");
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error("kube-apiserver's CPU could not be read");
  return { apiServer: ticks / Number(tick), node: stats.cpu_stats.cpu_usage.total_usage / 1e9 };
}

/** A player: the live socket, told the step, counting the states it receives. */
async function openPlayer(api: RunnerClient, id: string) {
  const { url } = await api.call("liveToken", { params: { id }, body: { origin: ORIGIN } });
  const ws = new WebSocket(url, { origin: ORIGIN });
  let messages = 0;
  ws.on("message", () => messages++);
  await new Promise<void>((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  ws.send(JSON.stringify({ type: "step", stepId: "expose" }));
  return {
    messages: () => messages,
    close: () => new Promise<void>((resolve) => (ws.once("close", () => resolve()), ws.close())),
  };
}

const pct = (cpuSeconds: number, seconds: number) =>
  `${((cpuSeconds / seconds) * 100).toFixed(1)} %`;

export async function benchLive(seconds = 60): Promise<void> {
  const reachable = await dockerReachable();
  if (!reachable) {
    console.log(`${"live checks".padEnd(34)} skipped: Docker is not reachable`);
    return;
  }
  const home = await mkdtemp(path.join(tmpdir(), "kindling-bench-live-"));
  const labsDir = path.join(home, "labs");
  await writeLab(path.join(labsDir, SLUG));
  let server: StartedRunnerServer | undefined;
  try {
    server = await startRunnerServer({
      host: "127.0.0.1",
      port: 0,
      home,
      labsDir,
      secret: SECRET,
      maxEnvironments: 1,
      pool: "",
      limits: minutesToLimits({ session: 60, max: 120, idle: 60, warning: 5, extend: 30 }),
      log: () => {},
    });
    const api = new RunnerClient(server.url, SECRET);
    const { id } = await api.createSession(SLUG, "bench");
    const view = await api.waitUntilSettled(id);
    if (view.state !== "ready") throw new Error(`session ${id} ${view.state}: ${view.reason}`);
    const name = server.sessions.get(id).environment!;
    const environment = await LabEnvironment.attach(name);
    await environment.workstationExec(["sh", "-c", `cat > /tmp/svc.yaml <<'EOF'\n${SERVICE()}EOF`]);
    const live = server.live!;
    console.log(
      `live checks: ${seconds} s windows; CPU as % of one core; players re-grade 2 resource checks (the traffic check waits for Check)`,
    );
    const baseline = new Map<string, number>();
    for (const players of [0, 1, PLAYERS]) {
      for (const activity of ["idle", "applying"] as const) {
        const open = await Promise.all(Array.from({ length: players }, () => openPlayer(api, id)));
        // Let the first states and the watches' initial events pass before measuring.
        await new Promise((r) => setTimeout(r, 3000));
        const evaluations = live.hub.evaluations;
        const received = open.map((p) => p.messages());
        const cp0 = await controlPlaneCpu(name);
        const runner0 = process.cpuUsage();
        const started = performance.now();
        let applies = 0;
        while (performance.now() - started < seconds * 1000) {
          if (activity === "applying") {
            const command =
              applies % 2 === 0 ? "kubectl apply -f /tmp/svc.yaml" : "kubectl delete service kubia";
            await environment.workstationExec(["sh", "-c", command], { user: "learner" });
            applies++;
          }
          await new Promise((r) => setTimeout(r, activity === "applying" ? APPLY_EVERY_MS : 1000));
        }
        const elapsed = (performance.now() - started) / 1000;
        const cp1 = await controlPlaneCpu(name);
        const used = process.cpuUsage(runner0);
        const runnerCpu = (used.user + used.system) / 1e6;
        const watching = await live.hub.watching();
        const key = activity;
        if (players === 0) baseline.set(key, runnerCpu / elapsed);
        const perPlayer =
          players > 0
            ? `, per player ${(((runnerCpu / elapsed - (baseline.get(key) ?? 0)) / players) * 100).toFixed(2)} %`
            : "";
        const states = open.reduce((sum, p, i) => sum + p.messages() - received[i]!, 0);
        console.log(
          `${`live checks, ${players} player${players === 1 ? "" : "s"}, ${activity}`.padEnd(34)} API server ${pct(cp1.apiServer - cp0.apiServer, elapsed)}  control-plane node ${pct(cp1.node - cp0.node, elapsed)}  runner ${pct(runnerCpu, elapsed)}${perPlayer}  (watches ${watching.watches}, re-gradings ${live.hub.evaluations - evaluations}, state messages ${states}${activity === "applying" ? `, applies and deletes ${applies}` : ""})`,
        );
        await Promise.all(open.map((p) => p.close()));
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const after = await live.hub.watching();
    console.log(
      `${"live checks, all players closed".padEnd(34)} ${after.environments} environments watched, ${after.watches} watches open`,
    );
    await api.endSession(id);
  } finally {
    if (server) {
      for (const s of server.sessions.list()) await server.sessions.end(s.id).catch(() => {});
      await server.stop();
      const runnerId = server.sessions.runnerId;
      const engine = await docker();
      for (const c of await engine.listContainers({ all: true })) {
        const cluster = c.Labels[CLUSTER_LABEL];
        if (cluster?.startsWith(`k${runnerId}-`)) await removeCluster(cluster);
      }
    }
    await rm(home, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--seconds");
  await benchLive(at > 0 ? Number(process.argv[at + 1]) : 60);
  process.exit(0);
}
