// `npm run bench`: measured figures for what exists so far. Prints p50/p95 of loading the
// lab catalogue from disk and of typical database queries on the embedded database,
// plus this process's memory. Bounded in count; touches only loopback and a temp folder.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { loadLabs } from "../runner/src/lab-format/lab-loader.ts";
import { PrismaClient } from "../app/lib/server/db/generated/client.ts";
import { benchApi } from "./bench-api.ts";
import { benchImages } from "./bench-images.ts";
import { benchKind } from "./bench-kind.ts";
import { benchKube } from "./bench-kube.ts";
import { benchLive } from "./bench-live.ts";
import { benchRunner } from "./bench-runner.ts";
import { benchVerdicts } from "./bench-verdict-figures.ts";
import { measure } from "./lib/bench-figures.ts";
import { startEmbeddedDatabase } from "./db/embedded-database.ts";
import { applyMigrations, projectRoot } from "./db/migrations.ts";
import { readScriptEnv } from "./script-env.ts";

const labsDir = path.join(projectRoot, "labs");
await measure("catalogue load (all labs)", 100, () => loadLabs(labsDir));

const dataDir = await mkdtemp(path.join(tmpdir(), "kindling-bench-"));
try {
  const start = performance.now();
  const db = await startEmbeddedDatabase({
    dataDir: path.join(dataDir, "pglite"),
  });
  await applyMigrations(db.url);
  console.log(
    `${"embedded db start + migrate".padEnd(34)} ${(performance.now() - start).toFixed(0)} ms`,
  );
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: db.url, max: 1 }),
  });
  await measure("db insert user", 200, (i) =>
    prisma.user.create({
      data: { email: `bench-${i}@example.test`, name: "Bench" },
    }),
  );
  await measure("db find user by email", 200, (i) =>
    prisma.user.findUnique({ where: { email: `bench-${i}@example.test` } }),
  );
  await prisma.$disconnect();
  await db.stop();
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

await benchApi();
await benchImages();
await benchGrading();
await benchKind();

/** Grading one step with nothing to wait for (port-forward's first, solved): target < 2 s p50. */
async function benchGrading() {
  const { dockerReachable } = await import("../runner/src/util/docker.ts");
  if (!(await dockerReachable())) {
    console.log(`${"grade one step".padEnd(34)} skipped: Docker is not reachable`);
    return;
  }
  const { LabEnvironment } = await import("../runner/src/environment/lab-environment.ts");
  const { environmentTarget } = await import("../runner/src/grader/environment-target.ts");
  const { gradeStep } = await import("../runner/src/grader/grade-step.ts");
  const { readAnswerFolder } = await import("../runner/src/grader/lab-files.ts");
  const { loadLab } = await import("../runner/src/lab-format/lab-loader.ts");
  const loaded = await loadLab(labsDir, "port-forward");
  const step = loaded.ok ? loaded.lab.steps.find((s) => s.id === "create-pod") : undefined;
  if (!step?.solution) throw new Error("bench needs labs/port-forward with step create-pod");
  const environment = await LabEnvironment.create({ name: "bench-grade", workers: 0, addons: [] });
  try {
    const answer = await readAnswerFolder(path.join(labsDir, "port-forward"), step.solution);
    await environment.applyAsLearner(answer.manifests);
    const target = environmentTarget(environment);
    const first = await gradeStep(target, step); // waits for the pod to run
    if (!first.passed) throw new Error("the solved step did not pass");
    await measure(`grade one step (${step.checks.length} checks)`, 20, async () => {
      if (!(await gradeStep(target, step)).passed) throw new Error("verdict changed");
    });
    await benchPlayer(environment, target, step, answer.manifests[0]!);
    await benchInClusterProbe(environment, target);
    // Check, Apply and lab grade as a learner and a CI wait for them (bench-verdict-figures.ts).
    await benchVerdicts(environment, target, labsDir, 10);
  } finally {
    await environment.destroy();
  }
}

const { benchRunnerRuns } = readScriptEnv();
if (benchRunnerRuns > 0) {
  await benchRunner(benchRunnerRuns);
  await benchLive();
  // The same figures for sessions on a host cluster (at most two runs: each start is a
  // nested cluster inside a nested cluster on this two-core machine).
  await benchKube(Math.min(benchRunnerRuns, 2));
} else
  console.log(
    "runner, live checks and Kubernetes backend sections skipped (KINDLING_BENCH_RUNNER_RUNS=0)",
  );

const { rss, heapUsed } = process.memoryUsage();
const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
console.log(`${"memory (bench process)".padEnd(34)} rss ${mib(rss)}  heap ${mib(heapUsed)}`);
// pg's idle timer would hold the process open for 10 s.
process.exit(0);

/** What a learner waits for in the player: Check, Apply, and the editor's schema. */
async function benchPlayer(
  environment: import("../runner/src/environment/lab-environment.ts").LabEnvironment,
  target: import("../runner/src/grader/grading-target.ts").GradingTarget,
  step: import("../runner/src/lab-format/lab-format.ts").LabStep,
  file: { name: string; content: string },
) {
  const { checkStep } = await import("../runner/src/player/check-step.ts");
  const { applyFile } = await import("../runner/src/player/apply-file.ts");
  const { editorSchema } = await import("../runner/src/player/editor-schema.ts");
  const { dockerSessionEnvironment } = await import("../runner/src/session/session-environment.ts");
  const session = dockerSessionEnvironment(environment);
  await measure("Check button, step passes", 10, async () => {
    if (!(await checkStep(target, step)).passed) throw new Error("verdict changed");
  });
  await measure("Apply from the editor (unchanged)", 10, async () => {
    if (!(await applyFile(session, { ...file, dryRun: false })).applied)
      throw new Error("apply refused");
  });
  await measure("Apply refused (bad field, located)", 10, async () => {
    const broken = file.content.replace("containerPort: 8080", "containerPort: eighty");
    const answer = await applyFile(session, { ...file, content: broken, dryRun: true });
    if (answer.applied || !answer.problems[0]?.line) throw new Error("not refused at a line");
  });
  const start = performance.now();
  const { schema } = await editorSchema(session);
  const kib = Buffer.byteLength(JSON.stringify(schema)) / 1024;
  console.log(
    `${"editor schema (first request)".padEnd(34)} ${(performance.now() - start).toFixed(0)} ms, ${kib.toFixed(0)} KiB JSON`,
  );
}

/**
 * A step whose checks probe from inside the cluster (clusterip-service's Service, solved):
 * its http check runs curl in the grader's kept probe pod (probe-pod.ts).
 */
async function benchInClusterProbe(
  environment: import("../runner/src/environment/lab-environment.ts").LabEnvironment,
  target: import("../runner/src/grader/grading-target.ts").GradingTarget,
) {
  const { gradeStep } = await import("../runner/src/grader/grade-step.ts");
  const { readAnswerFolder } = await import("../runner/src/grader/lab-files.ts");
  const { loadLab } = await import("../runner/src/lab-format/lab-loader.ts");
  const loaded = await loadLab(labsDir, "clusterip-service");
  if (!loaded.ok) throw new Error("bench needs labs/clusterip-service");
  const labDir = path.join(labsDir, "clusterip-service");
  const [deploy, service] = loaded.lab.steps;
  for (const solved of [deploy!, service!]) {
    const answer = await readAnswerFolder(labDir, solved.solution!);
    await environment.applyAsLearner(answer.manifests);
    if (!(await gradeStep(target, solved)).passed)
      throw new Error(`clusterip-service step ${solved.id} did not pass on its solution`);
  }
  await measure(`grade step + probe pod (${service!.checks.length} checks)`, 10, async () => {
    if (!(await gradeStep(target, service!)).passed) throw new Error("verdict changed");
  });
}
