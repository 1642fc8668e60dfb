// `kindling lab test`: proves a lab on a real environment, as rustlings and exercism prove
// their exercises. Per step, in order: every check fails on the state before its solution
// (previous steps solved); each known-wrong answer of the step, applied on that same state,
// fails the named checks with the named message, then is deleted (manifests, with
// foreground cascading; undo.sh for what solve.sh started) and the step's checks must all
// fail again — so a wrong answer cannot leak into the next case; each alternative answer
// of the step is applied on that same state, must pass every check, and is removed the
// same way; the step's command blocks run; then the reference
// solution is applied as the learner, every check passes, and the blocks that need the answer
// (proof=after-answer) run on it. With repeat > 1 every grading
// runs that many times and the verdicts must not change.
import path from "node:path";
import type { Lab, LabStep } from "../lab-format/lab-format.ts";
import { learnerText, type StepResult } from "./check-result.ts";
import { gradeAtRest } from "./grade-at-rest.ts";
import { gradeStep } from "./grade-step.ts";
import { readAnswerFolder, type AnswerFolder } from "./lab-files.ts";
import type { ProofEnvironment } from "./proof-environment.ts";
import { readFile } from "node:fs/promises";
import { parseStepBlocks, type StepBlock } from "../lab-format/step-blocks.ts";
import { waitUntilSettled, withoutRetries } from "./settle.ts";

type CommandBlock = Extract<StepBlock, { kind: "command" }>;

export interface ProofCase {
  name: string;
  step?: string;
  passed: boolean;
  /** Why it failed, precisely; empty when it passed. */
  problems: string[];
  durationMs: number;
}

/** Where a case's time went, for the log line under it: `apply 0.6 s · verdict 10.2 s`. */
export class Phases {
  private readonly parts: string[] = [];
  async time<T>(label: string, body: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await body();
    } finally {
      this.parts.push(`${label} ${((performance.now() - start) / 1000).toFixed(1)} s`);
    }
  }
  /** What a phase waited for, said once after it. */
  waited(reasons: readonly string[] | undefined): void {
    if (reasons && reasons.length > 0) this.parts.push(`(waited: ${reasons.join("; ")})`);
  }
  toString(): string {
    return this.parts.join(" · ");
  }
}

export interface ProveOptions {
  repeat: number;
  log: (line: string) => void;
}

/** A check that looks again at an earlier step's work: it may pass before this step. */
function isRecheck(step: LabStep, id: string): boolean {
  return step.checks.some((c) => c.id === id && c.recheck);
}

/** The step with every check made to answer at once (see settle.ts). */
function atOnce(step: LabStep): LabStep {
  return { ...step, checks: step.checks.map(withoutRetries) };
}

/** Grades `repeat` times; a verdict that changes between runs is a problem in itself. */
async function gradeRepeatedly(
  env: ProofEnvironment,
  step: LabStep,
  repeat: number,
  grade: typeof gradeStep = gradeStep,
): Promise<{ first: StepResult; problems: string[] }> {
  const first = await grade(env.target, step);
  const problems: string[] = [];
  for (let run = 2; run <= repeat; run += 1) {
    const again = await grade(env.target, step);
    again.results.forEach((r, i) => {
      const before = first.results[i]!;
      if (r.passed !== before.passed)
        problems.push(
          `check ${r.id} ${before.passed ? "passed" : "failed"} in run 1 but ${r.passed ? "passed" : "failed"} in run ${run}: ${r.observed}`,
        );
    });
  }
  for (const r of first.results)
    if (r.skipped) problems.push(`check ${r.id} could not run: ${r.skipped}`);
  return { first, problems };
}

async function applyAnswer(
  env: ProofEnvironment,
  answer: AnswerFolder,
  what: string,
): Promise<void> {
  if (answer.manifests.length > 0) {
    const applied = await env.applyAsLearner(answer.manifests);
    if (applied.exitCode !== 0)
      throw new Error(
        `applying ${what} as the learner failed: ${(applied.stderr || applied.stdout).trim()}`,
      );
  }
  if (answer.solve) {
    const solved = await env.runAsLearner(answer.solve, 120_000);
    if (solved.exitCode !== 0)
      throw new Error(
        `${what}/solve.sh failed (exit ${solved.exitCode}): ${(solved.stderr || solved.stdout).trim()}`,
      );
  }
}

export async function proveLab(
  lab: Lab,
  labDir: string,
  env: ProofEnvironment,
  options: ProveOptions,
): Promise<ProofCase[]> {
  const cases: ProofCase[] = [];
  const record = async (
    name: string,
    step: string | undefined,
    body: (phases: Phases) => Promise<string[]>,
  ) => {
    const start = performance.now();
    const phases = new Phases();
    let problems: string[];
    try {
      problems = await body(phases);
    } catch (error) {
      problems = [(error as Error).message];
    }
    const proofCase = {
      name,
      step,
      passed: problems.length === 0,
      problems,
      durationMs: Math.round(performance.now() - start),
    };
    cases.push(proofCase);
    options.log(
      `${proofCase.passed ? "ok  " : "FAIL"} ${lab.slug}: ${name} (${(proofCase.durationMs / 1000).toFixed(1)} s)`,
    );
    if (String(phases)) options.log(`       ${String(phases)}`);
    for (const p of problems) options.log(`       ${p}`);
    return proofCase.passed;
  };

  const setupOk = await record("setup applies as admin", undefined, async () => {
    for (const file of lab.setup)
      await env.applyAsAdmin(await readFile(path.join(labDir, file), "utf8"), file);
    return [];
  });
  if (!setupOk) return cases;

  for (const step of lab.steps) {
    if (step.checks.length > 0) {
      await record(`${step.id}: every check fails before the solution`, step.id, async (phases) => {
        phases.waited(
          await phases.time("settle", () => waitUntilSettled(env.target, SETTLE_BOUND_MS)),
        );
        const { first, problems } = await phases.time("grade", () =>
          gradeRepeatedly(env, atOnce(step), options.repeat),
        );
        for (const r of first.results)
          if (r.passed && !isRecheck(step, r.id))
            problems.push(`check ${r.id} already passes before the solution: ${r.observed}`);
        return problems;
      });
      for (const wrong of lab.knownWrong.filter((w) => w.step === step.id))
        await record(
          `${step.id}: known-wrong answer ${wrong.name} fails as intended`,
          step.id,
          (phases) => proveKnownWrong(env, step, labDir, wrong, options.repeat, phases),
        );
      for (const alternative of lab.alternatives.filter((a) => a.step === step.id))
        await record(
          `${step.id}: alternative answer ${alternative.name} passes every check`,
          step.id,
          (phases) => proveAlternative(env, step, labDir, alternative.name, options.repeat, phases),
        );
    }
    const commands = parseStepBlocks(step.markdown).blocks.filter(
      (b): b is CommandBlock => b.kind === "command",
    );
    if (commands.some((b) => b.proof === "run" || b.proof === "fails"))
      await record(`${step.id}: the step's commands work as written`, step.id, () =>
        proveCommands(env, step, labDir, "before-answer", options.log),
      );
    if (!step.solution) continue;
    const solutionOk = await record(
      `${step.id}: reference solution applies as the learner`,
      step.id,
      async () => {
        await applyAnswer(env, await readAnswerFolder(labDir, step.solution!), step.solution!);
        return [];
      },
    );
    // Later steps build on this one: without its solution they would prove nothing.
    if (!solutionOk) break;
    if (step.checks.length > 0)
      await record(
        `${step.id}: every check passes on the reference solution`,
        step.id,
        async () => {
          const { first, problems } = await gradeRepeatedly(env, step, options.repeat);
          for (const r of first.results)
            if (!r.passed && !r.skipped)
              problems.push(
                `check ${r.id} fails on the reference solution: expected ${r.expected}; observed ${r.observed}${r.diagnostics ? `\n${r.diagnostics}` : ""}`,
              );
          return problems;
        },
      );
    if (commands.some((b) => b.proof === "after-answer"))
      await record(`${step.id}: the step's after-answer commands work on the answer`, step.id, () =>
        proveCommands(env, step, labDir, "after-answer", options.log),
      );
  }
  return cases;
}

function proveKnownWrong(
  env: ProofEnvironment,
  step: LabStep,
  labDir: string,
  wrong: Lab["knownWrong"][number],
  repeat: number,
  phases: Phases,
): Promise<string[]> {
  // Graded as the Check button grades: waiting only while the answer is still arriving.
  const grade: typeof gradeStep = async (target, graded) => {
    const result = await gradeAtRest(target, graded);
    phases.waited(result.waitedFor);
    return result;
  };
  return tryAnswer(env, step, labDir, `wrong/${wrong.name}`, repeat, grade, phases, (first) => {
    const problems: string[] = [];
    for (const fail of wrong.fails) {
      const result = first.results.find((r) => r.id === fail.check)!;
      if (result.passed)
        problems.push(`check ${fail.check} passes on this wrong answer: ${result.observed}`);
      else if (!learnerText(result).toLowerCase().includes(fail.message.toLowerCase()))
        problems.push(
          `check ${fail.check} fails, but its message lacks "${fail.message}": ${result.observed}`,
        );
    }
    return problems;
  });
}

/** A valid answer other than the reference solution must pass every check of its step. */
function proveAlternative(
  env: ProofEnvironment,
  step: LabStep,
  labDir: string,
  name: string,
  repeat: number,
  phases: Phases,
): Promise<string[]> {
  return tryAnswer(env, step, labDir, `alternative/${name}`, repeat, gradeStep, phases, (first) =>
    first.results
      .filter((r) => !r.passed && !r.skipped)
      .map(
        (r) =>
          `check ${r.id} fails on this valid answer: expected ${r.expected}; observed ${r.observed}${r.diagnostics ? `\n${r.diagnostics}` : ""}`,
      ),
  );
}

/**
 * Applies an answer folder on the step's starting state, judges the verdicts, then removes
 * it (undo.sh, then its manifests with foreground cascading) and requires every check to
 * fail again, so nothing of it can help or hinder the next case.
 */
async function tryAnswer(
  env: ProofEnvironment,
  step: LabStep,
  labDir: string,
  folder: string,
  repeat: number,
  grade: typeof gradeStep,
  phases: Phases,
  judge: (first: StepResult) => string[],
): Promise<string[]> {
  const answer = await readAnswerFolder(labDir, folder);
  const problems: string[] = [];
  try {
    await phases.time("apply", () => applyAnswer(env, answer, folder));
    // Controllers outside the namespace (an ingress controller loading a certificate, say)
    // may lag behind objects that already look at rest: the verdict a learner would get a
    // moment later is the one judged, within a bound.
    problems.push(
      ...(await phases.time("verdict", () =>
        untilNoProblems(async () => {
          const { first, problems: unstable } = await gradeRepeatedly(env, step, repeat, grade);
          return [...unstable, ...judge(first)];
        }),
      )),
    );
  } finally {
    if (answer.undo) await phases.time("undo", () => env.runAsLearner(answer.undo!, 60_000));
    if (answer.manifests.length > 0) {
      const deleted = await phases.time("delete", () => env.deleteAsLearner(answer.manifests));
      if (deleted.exitCode !== 0)
        problems.push(`removing ${folder} failed: ${deleted.stderr.trim()}`);
    }
  }
  // Nothing of the answer may be left to help or hinder what follows. The objects go at once,
  // but what they configured lags a little: an ingress controller or kube-proxy may route to
  // a deleted Ingress or Service for a few seconds, while the namespace already looks at rest.
  const lingering = await phases.time("clean", () =>
    untilNoProblems(async () => {
      phases.waited(await waitUntilSettled(env.target, SETTLE_BOUND_MS));
      const after = await gradeStep(env.target, atOnce(step));
      return after.results.filter((r) => r.passed && !isRecheck(step, r.id)).map((r) => r.id);
    }),
  );
  for (const id of lingering)
    problems.push(
      `after removing ${folder}, check ${id} still passes ${OUTSIDE_LAG_MS / 1000} s later: the answer left state behind`,
    );
  return problems;
}

/** How long controllers outside the namespace (routes, proxy rules) may lag behind it. */
const OUTSIDE_LAG_MS = 30_000;
const OUTSIDE_LAG_POLL_MS = 2_000;

/** Runs `judge` again while it finds problems, until none or OUTSIDE_LAG_MS; its last say. */
async function untilNoProblems(judge: () => Promise<string[]>): Promise<string[]> {
  const deadline = Date.now() + OUTSIDE_LAG_MS;
  for (;;) {
    const problems = await judge();
    if (problems.length === 0 || Date.now() > deadline) return problems;
    await new Promise((resolve) => setTimeout(resolve, OUTSIDE_LAG_POLL_MS));
  }
}

/** How long one command block may run: a rollout or a throwaway pod, not a watch. */
const COMMAND_BLOCK_TIMEOUT_MS = 90_000;
/** How long `lab test` waits for a state to come to rest before grading it once. */
const SETTLE_BOUND_MS = 60_000;
const PAUSE_BETWEEN_BLOCKS_MS = 2_000;
/** Before running a failed block again: long enough for a `kubectl run --rm` pod to go. */
const RERUN_PAUSE_MS = 5_000;

/**
 * Runs the step's command blocks as a learner following the text would: in the workstation,
 * as the learner, from the home folder, with the step's editable files saved there as the
 * step shows them, one block after the other, two seconds apart. Before the answer these are
 * the blocks to run as written; after it, the `proof=after-answer` blocks, with each skeleton
 * file saved in its finished form (the same-named file of the solution folder), as the
 * learner's editor would hold it by then. A block runs under `bash -e` with `k` as an
 * alias of kubectl, input from /dev/null (so `kubectl run -it` does not wait for a person)
 * and output to a file (so a process it leaves in the background cannot hold the exec open).
 * A block that fails runs once more, as a learner would retry it; passing the second time is
 * logged, failing twice is a problem.
 */
async function proveCommands(
  env: ProofEnvironment,
  step: LabStep,
  labDir: string,
  phase: "before-answer" | "after-answer",
  log: (line: string) => void,
): Promise<string[]> {
  const { blocks } = parseStepBlocks(step.markdown);
  const problems: string[] = [];
  for (const file of blocks.filter((b) => b.kind === "file")) {
    const text =
      phase === "after-answer" && file.skeleton
        ? await readFile(path.join(labDir, step.solution!, file.name), "utf8")
        : `${file.code}\n`;
    const saved = await env.runAsLearner(
      `printf '%s' '${Buffer.from(text).toString("base64")}' | base64 -d > "$HOME/${file.name}"`,
      10_000,
    );
    if (saved.exitCode !== 0) return [`could not save ${file.name}: ${saved.stderr.trim()}`];
  }
  const runs = (proof: CommandBlock["proof"]) =>
    phase === "after-answer" ? proof === "after-answer" : proof === "run" || proof === "fails";
  let first = true;
  for (const block of blocks) {
    if (block.kind !== "command" || !runs(block.proof)) continue;
    // A person reads on before pasting the next block; a forward started in the background
    // by the last one has that long to come up, and no longer.
    if (!first) await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_BLOCKS_MS));
    first = false;
    const script = `shopt -s expand_aliases\nalias k=kubectl\n${block.code}\n`;
    const runBlock = () =>
      env.runAsLearner(
        [
          `cd "$HOME"`,
          `printf '%s' '${Buffer.from(script).toString("base64")}' | base64 -d > /tmp/kindling-block.sh`,
          `bash -e /tmp/kindling-block.sh </dev/null >/tmp/kindling-block.log 2>&1; code=$?`,
          `cat /tmp/kindling-block.log; exit $code`,
        ].join("\n"),
        COMMAND_BLOCK_TIMEOUT_MS,
      );
    const tail = (r: { stdout: string; stderr: string }) =>
      (r.stdout + r.stderr).trim().split("\n").slice(-12).join("\n       ");
    const where = `${step.file}:${block.line}`;
    let ran = await runBlock();
    if (block.proof !== "fails" && ran.exitCode !== 0) {
      // A learner whose command meets a passing hiccup of the cluster (`kubectl run -it`
      // losing its attach under load) runs it again; so does the proof, once, and says so.
      const firstOutput = tail(ran);
      await new Promise((resolve) => setTimeout(resolve, RERUN_PAUSE_MS));
      ran = await runBlock();
      if (ran.exitCode === 0)
        log(
          `the block at ${where} passed on its second run; the first said:\n       ${firstOutput}`,
        );
      else
        problems.push(
          `the block at ${where} exits with ${ran.exitCode} twice; the second run said:\n       ${tail(ran)}\n       the first:\n       ${firstOutput}`,
        );
    }
    const output = tail(ran);
    if (block.proof === "fails" && ran.exitCode === 0)
      problems.push(`the block at ${where} is marked proof=fails but succeeds:\n       ${output}`);
  }
  return problems;
}
