import { type Command, CommanderError } from "commander";
import { env } from "../env.ts";
import { LabEnvironment } from "../environment/lab-environment.ts";
import { startRunnerServer } from "../server.ts";
import { dockerEnvironmentDriver } from "../session/environment-driver.ts";
import { planLab } from "../session/lab-setup.ts";
import { WorkstationTty } from "../environment/workstation-tty.ts";
import { listClusters, removeCluster } from "../cluster/cluster-store.ts";
import type { CapacityView } from "../protocol/runner-api.ts";
import { isLive, type SessionRecord } from "../session/session-record.ts";
import { runnerStore } from "../session/session-store.ts";

/** The `lab` command group is shared with the grading verbs; whoever registers first makes it. */
function labGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === "lab") ??
    program.command("lab").description("run, grade and test labs")
  );
}

const exitWith = (code: number) => new CommanderError(code, "kindling.exit", "");

export function registerSessionCommands(program: Command): void {
  program
    .command("serve")
    .description("run the runner service: sessions API and terminals (KINDLING_RUNNER_* settings)")
    .action(async () => {
      const server = await startRunnerServer();
      console.log(`kindling runner listening on ${server.url}`);
      // Stopping waits for work in flight (a cluster being made for a session that already
      // ended must still be removed). A second signal — Ctrl+C reaches the whole process
      // group while `npm start` forwards its own SIGTERM — must not cut that short, so the
      // handlers stay installed instead of Node's default, which exits at once.
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        let stopping = false;
        const onSignal = (name: NodeJS.Signals) => {
          if (stopping) {
            console.error(`runner: ${name} again: still finishing the work in flight`);
            return;
          }
          stopping = true;
          resolve(name);
        };
        process.on("SIGINT", onSignal);
        process.on("SIGTERM", onSignal);
      });
      console.error(`runner: ${signal}: stopping`);
      await server.stop();
      console.error(`runner: ${leftRunning(server.sessions.list(), server.sessions.capacity())}`);
    });

  program
    .command("environments")
    .description("what this runner leaves running between starts")
    .command("remove")
    .description("remove every lab environment this runner holds (sessions and warm pool)")
    .action(async () => {
      const state = await runnerStore().load();
      const prefix = `k${state.runnerId}-`;
      const names = (await listClusters()).map((c) => c.name).filter((n) => n.startsWith(prefix));
      for (const name of names) await removeCluster(name);
      // Their sessions end at the next start ("the environment vanished"); the pool refills.
      console.log(
        names.length === 0
          ? "no lab environments to remove"
          : `removed ${names.length} lab environment(s): ${names.join(", ")}`,
      );
    });

  const lab = labGroup(program);
  lab
    .command("up")
    .description("make a learner environment for a lab on this machine, with the lab's setup")
    .argument("<slug>", "lab folder name under labs/")
    .option("--name <name>", "environment name (default: the slug)")
    .action(async (slug: string, options: { name?: string }) => {
      const plan = await planLab(env.KINDLING_LABS_DIR, slug);
      const name = options.name ?? slug;
      const started = Date.now();
      const seconds = () => ((Date.now() - started) / 1000).toFixed(0).padStart(3);
      await LabEnvironment.create({ name, ...plan.topology }, (step) =>
        console.error(`[${seconds()} s] ${step}`),
      );
      if (plan.setup.length > 0) {
        console.error(`[${seconds()} s] applying the lab's starting state`);
        await dockerEnvironmentDriver.applySetup(name, plan.setup);
      }
      console.error(`environment ${name} is ready in ${seconds().trim()} s`);
      console.log(`npx kindling shell ${name}`);
    });

  lab
    .command("down")
    .description("remove a learner environment: cluster, workstation, networks and volumes")
    .argument("<name>", "environment name")
    .action(async (name: string) => {
      await (await LabEnvironment.attach(name)).destroy();
      console.log(`removed environment ${name}`);
    });

  program
    .command("shell")
    .description("a shell in an environment's workstation, as the learner")
    .argument("<name>", "environment name")
    .argument("[command...]", "run this instead (after --) and exit with its exit code")
    .action(async (name: string, command: string[]) => {
      const environment = await LabEnvironment.attach(name);
      if (command.length > 0) {
        const result = await environment.workstationExec(command);
        process.stdout.write(result.stdout);
        process.stderr.write(result.stderr);
        if (result.exitCode !== 0) throw exitWith(result.exitCode);
        return;
      }
      const code = await interactive(environment.workstationId);
      if (code !== 0) throw exitWith(code);
    });
}

/** What a stopped runner leaves behind, and how to remove it. */
export function leftRunning(sessions: SessionRecord[], capacity: CapacityView): string {
  const live = sessions.filter(isLive).length;
  const pooled = capacity.pool.reduce((n, p) => n + p.ready + p.provisioning, 0);
  if (live + pooled === 0) return "no lab environments left running";
  return (
    `left running for the next start: ${live + pooled} lab environment(s) ` +
    `(${live} of learners' sessions, ${pooled} in the warm pool). The next start picks them ` +
    "up and ends the expired ones; `npx kindling environments remove` removes them now."
  );
}

async function interactive(workstationId: string): Promise<number> {
  const size = () => ({ cols: process.stdout.columns || 80, rows: process.stdout.rows || 24 });
  const tty = await WorkstationTty.open(workstationId, ["bash", "-l"], size());
  const onResize = () => void tty.resize(size()).catch(() => {});
  const onInput = (data: Buffer) => tty.write(data);
  process.stdout.on("resize", onResize);
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  process.stdin.on("data", onInput).resume();
  tty.stream.pipe(process.stdout, { end: false });
  try {
    return await tty.exited();
  } finally {
    process.stdout.off("resize", onResize);
    process.stdin.off("data", onInput).pause();
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
  }
}
