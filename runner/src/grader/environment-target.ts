// Grading a learner's real environment: admin kubectl in the control-plane node, probes
// from the learner's workstation (as the learner) and from the nodes.
import type { LabEnvironment } from "../environment/lab-environment.ts";
import { LEARNER_NAMESPACES } from "../environment/learner-access.ts";
import type { GradingTarget } from "./grading-target.ts";

export function environmentTarget(environment: LabEnvironment): GradingTarget {
  const cluster = environment.cluster;
  return {
    name: `environment ${environment.name}`,
    namespace: LEARNER_NAMESPACES[0] ?? "default",
    kubectl: (args) => cluster.kubectlResult(args),
    workstation: (script, timeoutMs) =>
      environment.workstationExec(["sh", "-c", script], { user: "learner", timeoutMs }),
    node: (nodeName, script) => cluster.exec(nodeName, ["sh", "-c", script]),
    keepsProbePod: true,
  };
}
