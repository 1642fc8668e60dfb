// Verdict figures on a real environment, in ms: what a learner waits for after Check or
// Apply, and what a CI waits for from `lab grade`. Uses labs/clusterip-service: its first
// step is a resource check (passing once solved), its second has an in-cluster probe, and
// before its solution that second step fails on a namespace at rest (nothing is starting).
import path from "node:path";
import type { LabEnvironment } from "../runner/src/environment/lab-environment.ts";
import { gradeAtRest } from "../runner/src/grader/grade-at-rest.ts";
import { gradeStep } from "../runner/src/grader/grade-step.ts";
import type { GradingTarget } from "../runner/src/grader/grading-target.ts";
import { readAnswerFolder } from "../runner/src/grader/lab-files.ts";
import { waitUntilSettled } from "../runner/src/grader/settle.ts";
import { loadLab } from "../runner/src/lab-format/lab-loader.ts";
import { applyFile } from "../runner/src/player/apply-file.ts";
import { checkStep } from "../runner/src/player/check-step.ts";
import { dockerSessionEnvironment } from "../runner/src/session/session-environment.ts";
import { measure as measureMs } from "./lib/bench-figures.ts";

/** Verdict figures: whole milliseconds, a wider label column. */
const measure = (label: string, runs: number, body: () => Promise<unknown>) =>
  measureMs(label, runs, body, { digits: 0, width: 40 });

const expectVerdict = (passed: boolean) => (result: { passed: boolean }) => {
  if (result.passed !== passed) throw new Error(`verdict changed: expected passed=${passed}`);
};

export async function benchVerdicts(
  environment: LabEnvironment,
  target: GradingTarget,
  labsDir: string,
  runs: number,
): Promise<void> {
  const loaded = await loadLab(labsDir, "clusterip-service");
  if (!loaded.ok) throw new Error("bench needs labs/clusterip-service");
  const labDir = path.join(labsDir, "clusterip-service");
  const [deploy, service] = loaded.lab.steps;
  if (!deploy?.solution || !service?.solution) throw new Error("clusterip-service changed shape");

  // The step-2 figures need a namespace without its Service (another figure may have made it).
  await target.kubectl([
    "delete",
    "service",
    "kubia",
    "-n",
    target.namespace,
    "--ignore-not-found",
  ]);
  const deployment = await readAnswerFolder(labDir, deploy.solution);
  await environment.applyAsLearner(deployment.manifests);
  expectVerdict(true)(await gradeStep(target, deploy)); // waits for the rollout
  await waitUntilSettled(target, 60_000);

  await measure("Check, passing resource step", runs, async () =>
    expectVerdict(true)(await checkStep(target, deploy)),
  );
  await measure("Apply from the editor (unchanged)", runs, async () => {
    const answer = await applyFile(dockerSessionEnvironment(environment), {
      ...deployment.manifests[0]!,
      dryRun: false,
    });
    if (!answer.applied) throw new Error("apply refused");
  });
  await waitUntilSettled(target, 60_000);
  await measure("Check, failing step at rest (player)", runs, async () =>
    expectVerdict(false)(await checkStep(target, service)),
  );
  await measure("lab grade, failing step at rest", runs, async () =>
    expectVerdict(false)(await gradeAtRest(target, service)),
  );

  const svc = await readAnswerFolder(labDir, service.solution);
  await environment.applyAsLearner(svc.manifests);
  expectVerdict(true)(await gradeStep(target, service));
  await measure("Check, step with in-cluster probe", runs, async () =>
    expectVerdict(true)(await checkStep(target, service)),
  );
  // Leaves the namespace as the failing figure found it, for `lab grade --step 2` after --keep.
  await target.kubectl(["delete", "service", "kubia", "-n", target.namespace, "--wait"]);
}
