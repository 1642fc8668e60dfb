import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { RunnerClient } from "./protocol/runner-client.ts";
import { CLUSTER_LABEL } from "./cluster/labels.ts";
import { writeFixtureLab } from "./session/fixture-lab.ts";
import { TerminalClient } from "./terminal/terminal-client.ts";
import { docker } from "./util/docker.ts";

// `kindling serve` killed with SIGKILL — no chance to clean up — while one session is
// ready and another is half-provisioned. The next start must keep the ready one working,
// fail the half-made one with a reason, and leave no Docker object without an owner.
const SECRET = "restart-test-secret-0123456789abcdef0123";
const bin = fileURLToPath(new URL("../bin/kindling.mjs", import.meta.url));
let home: string;
let child: ChildProcess | undefined;

async function serve(): Promise<RunnerClient> {
  const started = spawn(process.execPath, [bin, "serve"], {
    env: {
      ...process.env,
      KINDLING_HOME: home,
      KINDLING_LABS_DIR: path.join(home, "labs"),
      KINDLING_RUNNER_SECRET: SECRET,
      KINDLING_RUNNER_PORT: "0",
      KINDLING_MAX_ENVIRONMENTS: "2",
      // The automatic warm pool would hand out the half-provisioned session ready-made.
      KINDLING_POOL: "off",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = started;
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    started.stdout!.on("data", onData);
    started.stderr!.on("data", onData);
    started.once("exit", (code) => reject(new Error(`kindling serve exited ${code}:\n${output}`)));
  });
  return new RunnerClient(url, SECRET);
}

function kill(): Promise<void> {
  const target = child!;
  child = undefined;
  return new Promise((resolve) => {
    target.once("exit", () => resolve());
    target.kill("SIGKILL");
  });
}

async function objectsOf(environment: string): Promise<number> {
  const engine = await docker();
  const filters = { label: [`${CLUSTER_LABEL}=${environment}`] };
  return (
    (await engine.listContainers({ all: true, filters })).length +
    ((await engine.listVolumes({ filters })).Volumes ?? []).length +
    (await engine.listNetworks({ filters })).length
  );
}

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), "kindling-restart-"));
  await writeFixtureLab(path.join(home, "labs"), "fixture-lab");
});

afterAll(async () => {
  if (child) await kill();
  await rm(home, { recursive: true, force: true });
});

it("survives SIGKILL: no lost session, no orphaned environment", async () => {
  let api = await serve();
  const kept = await api.createSession("fixture-lab", "alice");
  expect((await api.waitUntilSettled(kept.id)).state).toBe("ready");

  const halfMade = await api.createSession("fixture-lab", "bob");
  // Kill once its node container exists: the worst moment, with Docker objects but no workstation.
  for (;;) {
    const view = await api.session(halfMade.id);
    if (view.progress.some((p) => p.step.startsWith("initialising the control plane"))) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const state = JSON.parse(
    await import("node:fs/promises").then((fs) =>
      fs.readFile(path.join(home, "runner", "state.json"), "utf8"),
    ),
  ) as { sessions: { id: string; environment: string }[] };
  const environmentOf = (id: string) => state.sessions.find((s) => s.id === id)!.environment;
  await kill();
  expect(await objectsOf(environmentOf(halfMade.id))).toBeGreaterThan(0);

  api = await serve();
  expect(await api.session(kept.id)).toMatchObject({ state: "ready" });
  expect(await api.session(halfMade.id)).toMatchObject({
    state: "failed",
    reason: "the runner restarted while preparing this environment; start the lab again",
  });
  expect(await objectsOf(environmentOf(halfMade.id))).toBe(0);

  const { url } = await api.terminalToken(kept.id);
  const term = await TerminalClient.connect(url);
  term.type("kubectl get nodes -o name; echo END-$((6*7))\r");
  await term.waitFor(/END-42/, 60_000);
  expect(term.text).toContain(`node/${environmentOf(kept.id)}-control-plane`);
  await term.close();

  await api.endSession(kept.id);
  expect(await objectsOf(environmentOf(kept.id))).toBe(0);
  expect(await api.capacity()).toMatchObject({ inUse: 0 });
});

it("stops cleanly on SIGTERM twice: a cluster still being made for an ended session is removed", async () => {
  if (child) await kill();
  const api = await serve();
  const session = await api.createSession("fixture-lab", "carol");
  for (;;) {
    const view = await api.session(session.id);
    if (view.progress.some((p) => p.step.startsWith("starting"))) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const state = JSON.parse(
    await import("node:fs/promises").then((fs) =>
      fs.readFile(path.join(home, "runner", "state.json"), "utf8"),
    ),
  ) as { sessions: { id: string; environment: string }[] };
  const environment = state.sessions.find((s) => s.id === session.id)!.environment;
  await api.endSession(session.id);

  // As `npm start` stopped by Ctrl+C: the terminal's signal and the parent's forwarded one.
  const target = child!;
  child = undefined;
  const exited = new Promise<number | null>((resolve) => target.once("exit", resolve));
  target.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 200));
  target.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(await objectsOf(environment)).toBe(0);
});
