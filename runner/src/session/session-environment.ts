// What a session's routes need from its environment — Check, Apply, Reset step, the
// editor's schema, the Browser tab — whichever backend holds it. The Docker backend adapts
// a LabEnvironment here; the Kubernetes backend its KubeEnvironment (kube-backend/kube-driver.ts).
import { type ExecResult, readFileIn, writeFileIn } from "../cluster/node-exec.ts";
import type { ExecOptions, LabEnvironment } from "../environment/lab-environment.ts";
import { LEARNER_UID } from "../environment/workstation-container.ts";
import { environmentTarget } from "../grader/environment-target.ts";
import type { GradingTarget } from "../grader/grading-target.ts";
import type { ManifestFile } from "../grader/lab-files.ts";
import { docker } from "../util/docker.ts";

export interface SessionEnvironment {
  readonly name: string;
  /** What the graders read and probe: the same target `lab grade` and `lab test` use. */
  target(): GradingTarget;
  /** A command in the workstation, as the learner unless asked otherwise, bounded in time. */
  workstationExec(command: string[], options?: ExecOptions): Promise<ExecResult>;
  /** A file of the workstation as text; undefined when it does not exist. */
  readWorkstationFile(file: string): Promise<string | undefined>;
  /** Writes a file in the workstation, owned by the learner. */
  writeWorkstationFile(file: string, content: string): Promise<void>;
  /** Applies manifests with the learner's own credentials. */
  applyAsLearner(files: ManifestFile[]): Promise<ExecResult>;
  /** kubectl as the cluster's admin. */
  adminKubectl(args: string[]): Promise<ExecResult>;
  /** Applies a manifest as the cluster's admin; throws naming `what` when it fails. */
  adminApply(manifest: string, what: string): Promise<void>;
}

/** Admin kubectl that throws on failure and answers its output (Reset step's reads). */
export async function adminKubectlOrThrow(
  environment: SessionEnvironment,
  args: string[],
): Promise<string> {
  const result = await environment.adminKubectl(args);
  if (result.exitCode !== 0)
    throw new Error(`kubectl ${args.join(" ")} failed: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}

export function dockerSessionEnvironment(environment: LabEnvironment): SessionEnvironment {
  const workstation = async () => (await docker()).getContainer(environment.workstationId);
  return {
    name: environment.name,
    target: () => environmentTarget(environment),
    workstationExec: (command, options) => environment.workstationExec(command, options),
    readWorkstationFile: async (file) => readFileIn(await workstation(), file),
    writeWorkstationFile: async (file, content) =>
      writeFileIn(await workstation(), file, content, 0o644, {
        uid: LEARNER_UID,
        gid: LEARNER_UID,
      }),
    applyAsLearner: (files) => environment.applyAsLearner(files),
    adminKubectl: (args) => environment.cluster.kubectlResult(args),
    adminApply: async (manifest, what) => {
      await environment.cluster.apply(manifest, what);
    },
  };
}
