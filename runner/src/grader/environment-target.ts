// Grading a learner's real environment: admin reads over one connection to the API server
// (published on loopback), admin kubectl in the control-plane node, probes from the
// learner's workstation (as the learner) and from the nodes.
import type { LabEnvironment } from "../environment/lab-environment.ts";
import { LEARNER_NAMESPACES } from "../environment/learner-access.ts";
import { KubeReader } from "../util/kube-reader.ts";
import type { GradingTarget } from "./grading-target.ts";

/** One reader per cluster for the process's life: a Check reuses the last one's connection. */
const readers = new Map<string, Promise<KubeReader>>();
const MAX_READERS = 32;

export function environmentTarget(environment: LabEnvironment): GradingTarget {
  const cluster = environment.cluster;
  const port = cluster.summary.apiServerPort;
  // The API server's host port changes if a cluster of the same name is made again.
  const key = `${cluster.name}:${port}`;
  const reader = () => {
    let found = readers.get(key);
    if (!found) {
      found = cluster.kubeconfig().then((config) => KubeReader.fromKubeconfig(config));
      found.catch(() => readers.delete(key));
      readers.set(key, found);
      // Environments come and go (a reset makes a new one): forget the oldest readers.
      for (const old of [...readers.keys()].slice(0, -MAX_READERS)) {
        void readers.get(old)?.then(
          (r) => r.close(),
          () => {},
        );
        readers.delete(old);
      }
    }
    return found;
  };
  return {
    name: `environment ${environment.name}`,
    namespace: LEARNER_NAMESPACES[0] ?? "default",
    ...(port ? { reader } : {}),
    kubectl: (args) => cluster.kubectlResult(args),
    workstation: (script, timeoutMs) =>
      environment.workstationExec(["sh", "-c", script], { user: "learner", timeoutMs }),
    node: (nodeName, script) => cluster.exec(nodeName, ["sh", "-c", script]),
    keepsProbePod: true,
  };
}
