// The grader's and the proof's view of an environment on the Kubernetes backend: the same
// GradingTarget and ProofEnvironment the Docker backend gives (grader/environment-target.ts,
// grader/proof-environment.ts), with every exec going through the host cluster's API.
import { randomBytes } from "node:crypto";
import type { ExecResult } from "../cluster/node-exec.ts";
import { LEARNER_NAMESPACES } from "../environment/learner-access.ts";
import { LEARNER_HOME } from "../environment/workstation-container.ts";
import type { GradingTarget } from "../grader/grading-target.ts";
import type { ManifestFile } from "../grader/lab-files.ts";
import { type ProofCase, proveLab } from "../grader/lab-prover.ts";
import type { ProofEnvironment } from "../grader/proof-environment.ts";
import type { Lab } from "../lab-format/lab-format.ts";
import { KubeEnvironment } from "./kube-environment.ts";

/** `sh -c script` in the workstation (whose pod runs as the learner), bounded in time. */
async function asLearner(
  environment: KubeEnvironment,
  script: string,
  timeoutMs: number,
): Promise<ExecResult> {
  const seconds = String(Math.ceil(timeoutMs / 1000));
  const result = await environment
    .workstation()
    .exec(["timeout", "--kill-after=2", seconds, "sh", "-c", script], timeoutMs + 10_000);
  if (result.exitCode === 124)
    return { ...result, stderr: `${result.stderr}timed out after ${timeoutMs} ms\n` };
  return result;
}

export function kubeGradingTarget(environment: KubeEnvironment): GradingTarget {
  return {
    name: `environment ${environment.name}`,
    namespace: LEARNER_NAMESPACES[0] ?? "default",
    kubectl: (args) => environment.kubectl(args),
    workstation: (script, timeoutMs) => asLearner(environment, script, timeoutMs),
    node: (nodeName, script, timeoutMs) =>
      environment.node(nodeName).exec(["sh", "-c", script], timeoutMs + 10_000),
    keepsProbePod: true,
  };
}

export function kubeProofEnvironment(environment: KubeEnvironment): ProofEnvironment {
  const runAsLearner = (script: string, timeoutMs: number) =>
    asLearner(environment, script, timeoutMs);
  return {
    target: kubeGradingTarget(environment),
    applyAsAdmin: (manifest, what) => environment.apply(manifest, what),
    applyAsLearner: async (files: ManifestFile[]) => {
      const dir = `${LEARNER_HOME}/.kindling-apply-${randomBytes(4).toString("hex")}`;
      const workstation = environment.workstation();
      for (const file of files) await workstation.writeFile(`${dir}/${file.name}`, file.content);
      try {
        return await runAsLearner(`kubectl apply -f ${dir}`, 60_000);
      } finally {
        await workstation.exec(["rm", "-rf", dir]);
      }
    },
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

/** `kindling lab test` on the Kubernetes backend: the same proof, in an environment on the host. */
export async function proveOnHostCluster(
  lab: Lab,
  labDir: string,
  name: string,
  { repeat, keep, log }: { repeat: number; keep: boolean; log: (line: string) => void },
): Promise<ProofCase[]> {
  if ((await KubeEnvironment.names()).includes(name)) {
    await (await KubeEnvironment.attach(name)).destroy();
    await KubeEnvironment.waitGone(name);
    log(`removed the previous environment ${name}`);
  }
  log(`creating environment ${name} on the host cluster (${lab.topology.workers} workers)`);
  const environment = await KubeEnvironment.create(
    { name, workers: lab.topology.workers, addons: lab.addons },
    log,
  );
  try {
    return await proveLab(lab, labDir, kubeProofEnvironment(environment), { repeat, log });
  } finally {
    if (keep) log(`kept environment ${name} (namespace ${environment.namespace})`);
    else await environment.destroy();
  }
}
