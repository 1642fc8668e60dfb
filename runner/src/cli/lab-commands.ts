// `kindling lab validate|test|grade`: the instructor's and CI's side of the graders.
// Exit codes: 0 all good, 1 something failed (printed precisely), 2 could not run.
import { type Command, CommanderError } from "commander";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { removeCluster } from "../cluster/cluster-store.ts";
import { env } from "../env.ts";
import { LabEnvironment } from "../environment/lab-environment.ts";
import { environmentTarget } from "../grader/environment-target.ts";
import { gradeAtRest } from "../grader/grade-at-rest.ts";
import type { GradingTarget } from "../grader/grading-target.ts";
import { toJUnitXml } from "../grader/junit.ts";
import { kubeconfigTarget } from "../grader/kubeconfig-target.ts";
import { type ProofCase, proveLab } from "../grader/lab-prover.ts";
import { proofEnvironment } from "../grader/proof-environment.ts";
import { proofOrder } from "../grader/proof-schedule.ts";
import { formatStepText, stepsToJUnit } from "../grader/report.ts";
import { proveOnHostCluster } from "../kube-backend/kube-proof-environment.ts";
import { formatLabLoadError, type Lab } from "../lab-format/lab-format.ts";
import { loadCourse } from "../lab-format/course.ts";
import { labFolders, loadLab, loadLabs } from "../lab-format/lab-loader.ts";

const exit = (code: number) => new CommanderError(code, "kindling.lab", "");

async function loadSelected(labsDir: string, slugs: string[]) {
  return slugs.length === 0
    ? loadLabs(labsDir)
    : Promise.all(slugs.map((s) => loadLab(labsDir, s)));
}

/** Cluster names are at most 32 characters; long slugs keep their start. */
export function testEnvironmentName(slug: string, prefix = "test"): string {
  return `${prefix}-${slug}`.slice(0, 32).replace(/-+$/, "");
}

/** A name prefix a cluster name can start with (see CLUSTER_NAME). */
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,14}$/;

export function registerLabCommands(program: Command): void {
  const lab = program.command("lab").description("validate, prove and grade labs");

  lab
    .command("validate")
    .description("check labs statically (no cluster): format, references, files")
    .argument("[slugs...]", "labs to validate (default: all)")
    .option("--labs <dir>", "the labs folder", "labs")
    .action(async (slugs: string[], options: { labs: string }) => {
      const results = await loadSelected(options.labs, slugs);
      // The course file is validated with the whole catalogue, not with a chosen few labs.
      const courseErrors =
        slugs.length === 0
          ? (await loadCourse(options.labs, await labFolders(options.labs))).errors
          : [];
      for (const e of courseErrors) console.log(`FAIL ${formatLabLoadError(e)}`);
      for (const r of results) {
        if (r.ok)
          console.log(
            `ok   ${r.slug} (${r.lab.steps.length} steps, ${r.lab.steps.reduce((n, s) => n + s.checks.length, 0)} checks, ${r.lab.knownWrong.length} known-wrong answers, ${r.lab.alternatives.length} alternatives)`,
          );
        else for (const e of r.errors) console.log(`FAIL ${formatLabLoadError(e)}`);
      }
      if (results.some((r) => !r.ok) || courseErrors.length > 0) throw exit(1);
    });

  lab
    .command("test")
    .description(
      "prove labs on real clusters: checks fail before, pass on the solution, fail on known-wrong answers",
    )
    .argument("[slugs...]", "labs to prove")
    .option("--all", "prove every lab")
    .option("--repeat <n>", "grade every state n times and require the same verdicts", "1")
    .option("--junit <file>", "also write the results as JUnit XML")
    .option("--keep", "keep each lab's environment afterwards (named <prefix>-<slug>)")
    .option(
      "--name-prefix <prefix>",
      "environments are named <prefix>-<slug>: another prefix lets two proofs of one lab run side by side",
      "test",
    )
    .option(
      "--parallel <n>",
      "prove up to n labs at once, each on its own cluster (most of a proof is waiting)",
      "1",
    )
    .option("--labs <dir>", "the labs folder", "labs")
    .action(
      async (
        slugs: string[],
        options: {
          all?: boolean;
          repeat: string;
          junit?: string;
          keep?: boolean;
          parallel: string;
          labs: string;
          namePrefix: string;
        },
      ) => {
        if (slugs.length === 0 && !options.all)
          throw new Error("name the labs to test, or pass --all");
        const repeat = Number(options.repeat);
        if (!Number.isInteger(repeat) || repeat < 1)
          throw new Error("--repeat needs a whole number ≥ 1");
        if (!NAME_PREFIX.test(options.namePrefix))
          throw new Error(
            "--name-prefix needs 1–15 lower-case letters, digits and dashes, starting with a letter",
          );
        const parallel = Number(options.parallel);
        if (!Number.isInteger(parallel) || parallel < 1)
          throw new Error("--parallel needs a whole number ≥ 1");
        const started = Date.now();
        const results = await loadSelected(options.labs, options.all ? [] : slugs);
        const invalid = results.flatMap((r) => (r.ok ? [] : r.errors.map(formatLabLoadError)));
        for (const line of invalid) console.error(`invalid: ${line}`);
        const proofs: { slug: string; cases: ProofCase[] }[] = [];
        let couldNotRun = invalid.length > 0;
        const valid = results.flatMap((r) => (r.ok ? [r.lab] : []));
        const queue = parallel > 1 ? proofOrder(valid) : valid;
        const prefix = queue.length > 1 && parallel > 1;
        // An environment is removed while its worker goes on to the next lab; all are
        // gone before the command ends.
        const removals: Promise<void>[] = [];
        const worker = async () => {
          for (let lab = queue.shift(); lab; lab = queue.shift()) {
            try {
              const { cases, removed } = await proveOne(lab, options.labs, {
                repeat,
                keep: !!options.keep,
                prefixLines: prefix,
                namePrefix: options.namePrefix,
              });
              removals.push(removed);
              proofs.push({ slug: lab.slug, cases });
            } catch (error) {
              couldNotRun = true;
              console.error(`could not test ${lab.slug}: ${(error as Error).message}`);
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, worker));
        for (const removal of await Promise.allSettled(removals))
          if (removal.status === "rejected") {
            couldNotRun = true;
            console.error(`could not remove an environment: ${String(removal.reason)}`);
          }
        // Reports in the order the labs were named, however the work interleaved.
        const order = results.map((r) => r.slug);
        proofs.sort((a, b) => order.indexOf(a.slug) - order.indexOf(b.slug));
        if (options.junit) {
          await mkdir(path.dirname(path.resolve(options.junit)), { recursive: true });
          await writeFile(options.junit, proofsToJUnit(proofs));
        }
        // Each failure with its reasons again at the end, where a CI log's tail shows it.
        const failed = proofs.flatMap((p) =>
          p.cases
            .filter((c) => !c.passed)
            .map((c) => [`${p.slug}: ${c.name}`, ...c.problems].join("\n      ")),
        );
        const total = proofs.reduce((n, p) => n + p.cases.length, 0);
        console.log(
          `\n${total - failed.length}/${total} proof cases passed in ${proofs.length} lab(s), ` +
            `${Math.round((Date.now() - started) / 1000)} s from start to end`,
        );
        for (const f of failed) console.log(`  FAILED ${f}`);
        if (failed.length > 0) throw exit(1);
        if (couldNotRun) throw exit(2);
      },
    );

  lab
    .command("grade")
    .description("grade a running environment (or any cluster) against a lab's checks")
    .argument("<slug>", "the lab")
    .option("--name <name>", "a Kindling environment (cluster + workstation)")
    .option("--kubeconfig <file>", "any cluster; checks from the workstation or a node cannot run")
    .option("--step <n>", "only this step (number from 1, or id)")
    .option("--format <format>", "text | json | junit", "text")
    .option("--labs <dir>", "the labs folder", "labs")
    .action(
      async (
        slug: string,
        options: {
          name?: string;
          kubeconfig?: string;
          step?: string;
          format: string;
          labs: string;
        },
      ) => {
        if (!!options.name === !!options.kubeconfig)
          throw new Error("give exactly one of --name or --kubeconfig");
        if (!["text", "json", "junit"].includes(options.format))
          throw new Error("--format is text, json or junit");
        const loaded = await loadLab(options.labs, slug);
        if (!loaded.ok) {
          for (const e of loaded.errors) console.error(formatLabLoadError(e));
          throw exit(2);
        }
        const steps = options.step
          ? loaded.lab.steps.filter(
              (s, i) => s.id === options.step || String(i + 1) === options.step,
            )
          : loaded.lab.steps;
        if (steps.length === 0) throw new Error(`lab ${slug} has no step ${options.step}`);
        let target: GradingTarget;
        try {
          target = options.name
            ? environmentTarget(await LabEnvironment.attach(options.name))
            : kubeconfigTarget(path.resolve(options.kubeconfig!));
        } catch (error) {
          console.error(`could not grade: ${(error as Error).message}`);
          throw exit(2);
        }
        const results = [];
        for (const step of steps) results.push(await gradeAtRest(target, step));
        if (options.format === "json")
          console.log(JSON.stringify({ lab: slug, steps: results }, null, 2));
        else if (options.format === "junit") process.stdout.write(stepsToJUnit(slug, results));
        else console.log(results.map((r) => formatStepText(r, true)).join("\n\n"));
        const all = results.flatMap((r) => r.results);
        if (all.some((r) => !r.passed && !r.skipped)) throw exit(1);
        if (all.some((r) => r.skipped)) throw exit(2);
      },
    );
}

interface ProofRun {
  repeat: number;
  keep: boolean;
  /** Several labs at once: each line names its lab. */
  prefixLines: boolean;
  namePrefix: string;
}

async function proveOne(
  lab: Lab,
  labsDir: string,
  { repeat, keep, prefixLines, namePrefix }: ProofRun,
): Promise<{ cases: ProofCase[]; removed: Promise<void> }> {
  const name = testEnvironmentName(lab.slug, namePrefix);
  const started = Date.now();
  // Several labs at once interleave their lines: each then says whose it is.
  const tag = prefixLines ? `${lab.slug} ` : "";
  const log = (line: string) =>
    console.error(`[${tag}${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  // The host-cluster backend removes its environment before it returns.
  if (env.KINDLING_BACKEND === "kubernetes")
    return {
      cases: await proveOnHostCluster(lab, path.join(labsDir, lab.slug), name, {
        repeat,
        keep,
        log,
      }),
      removed: Promise.resolve(),
    };
  // A kept environment from an earlier run would not start from the lab's initial state.
  if ((await removeCluster(name)) > 0) log(`removed the previous environment ${name}`);
  log(
    `creating environment ${name} (${lab.topology.workers} workers${lab.addons.length ? `, ${lab.addons.join(", ")}` : ""})`,
  );
  const environment = await LabEnvironment.create(
    { name, workers: lab.topology.workers, addons: lab.addons },
    (step) => log(step),
  );
  let cases: ProofCase[];
  try {
    cases = await proveLab(lab, path.join(labsDir, lab.slug), proofEnvironment(environment), {
      repeat,
      log,
    });
  } catch (error) {
    if (!keep) await environment.destroy();
    throw error;
  }
  if (keep) {
    log(`kept environment ${name}: kindling lab grade ${lab.slug} --name ${name}`);
    return { cases, removed: Promise.resolve() };
  }
  const removing = Date.now();
  const removed = environment
    .destroy()
    .then(() =>
      log(`removed environment ${name} (${((Date.now() - removing) / 1000).toFixed(1)} s)`),
    );
  // Collected by the caller; never an unhandled rejection meanwhile.
  removed.catch(() => {});
  return { cases, removed };
}

function proofsToJUnit(proofs: { slug: string; cases: ProofCase[] }[]): string {
  return toJUnitXml(
    proofs.map((p) => ({
      name: p.slug,
      cases: p.cases.map((c) => ({
        name: c.name,
        className: `${p.slug}${c.step ? `.${c.step}` : ""}`,
        durationMs: c.durationMs,
        failure: c.passed
          ? undefined
          : { message: c.problems[0] ?? "failed", details: c.problems.join("\n") },
      })),
    })),
  );
}
