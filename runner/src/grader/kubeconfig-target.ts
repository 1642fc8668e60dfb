// Grading any cluster a kubeconfig reaches (CI: `kindling lab grade --kubeconfig`): kubectl
// runs on this host, probe pods run in the cluster. There is no learner workstation and no
// access to the nodes, so checks from those vantages report that they could not run.
import { run } from "../util/run.ts";
import type { GradingTarget } from "./grading-target.ts";

export function kubeconfigTarget(kubeconfig: string, namespace = "default"): GradingTarget {
  return {
    name: `the cluster of ${kubeconfig}`,
    namespace,
    kubectl: async (args) => {
      const result = await run("kubectl", [`--kubeconfig=${kubeconfig}`, ...args]);
      return { exitCode: result.code, stdout: result.stdout, stderr: result.stderr };
    },
  };
}
