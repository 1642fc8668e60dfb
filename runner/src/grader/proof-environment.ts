// What `kindling lab test` does to an environment besides grading it: apply setup as admin,
// and answers (solutions, known-wrong answers) as the learner, in the learner's workstation.
import type { LabEnvironment } from "../environment/lab-environment.ts";
import { environmentTarget } from "./environment-target.ts";
import type { ExecResult, GradingTarget } from "./grading-target.ts";
import type { ManifestFile } from "./lab-files.ts";

export interface ProofEnvironment {
  target: GradingTarget;
  applyAsAdmin(manifest: string, what: string): Promise<void>;
  applyAsLearner(files: ManifestFile[]): Promise<ExecResult>;
  /** Deletes what the manifests describe, waiting for dependents (pods) to be gone too. */
  deleteAsLearner(files: ManifestFile[]): Promise<ExecResult>;
  runAsLearner(script: string, timeoutMs: number): Promise<ExecResult>;
}

export function proofEnvironment(environment: LabEnvironment): ProofEnvironment {
  const runAsLearner = (script: string, timeoutMs: number) =>
    environment.workstationExec(["sh", "-c", script], { user: "learner", timeoutMs });
  return {
    target: environmentTarget(environment),
    applyAsAdmin: async (manifest, what) => {
      await environment.cluster.apply(manifest, what);
    },
    applyAsLearner: (files) => environment.applyAsLearner(files),
    deleteAsLearner: (files) =>
      runAsLearner(
        files
          .map(
            (f) =>
              `kubectl delete --ignore-not-found --cascade=foreground --wait=true -f - <<'KINDLING_EOF'\n${f.content}\nKINDLING_EOF`,
          )
          .join("\n"),
        120_000,
      ),
    runAsLearner,
  };
}
