// The verdict figures on their own (`npx tsx scripts/bench-verdicts.ts`): how long a learner
// waits for Check and Apply, on a passing resource step, a step with an in-cluster probe, a
// failing step on a namespace at rest (the Check button and `lab grade`), on one real
// single-node environment. KINDLING_BENCH_RUNNER_RUNS sets n; `npm run bench` prints the same.
import path from "node:path";
import { LabEnvironment } from "../runner/src/environment/lab-environment.ts";
import { environmentTarget } from "../runner/src/grader/environment-target.ts";
import { benchVerdicts } from "./bench-verdict-figures.ts";
import { readScriptEnv } from "./script-env.ts";
import { projectRoot } from "./db/migrations.ts";

const { benchRunnerRuns } = readScriptEnv();
const name = "bench-verdicts";
// `--reuse` measures on the environment a `--keep` run left.
const environment = process.argv.includes("--reuse")
  ? await LabEnvironment.attach(name)
  : await LabEnvironment.create({ name, workers: 0, addons: [] });
try {
  await benchVerdicts(
    environment,
    environmentTarget(environment),
    path.join(projectRoot, "labs"),
    Math.max(benchRunnerRuns, 1),
  );
} finally {
  // `--keep` leaves it for timing `kindling lab grade bench-verdicts --name bench-verdicts`.
  if (!process.argv.includes("--keep")) await environment.destroy();
}
process.exit(0);
