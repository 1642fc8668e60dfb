// What graders need from a lab environment, and nothing more: unit tests pass a fake, the
// CLI and the runner adapt a real LabEnvironment (environment-target.ts) or a bare
// kubeconfig (kubeconfig-target.ts).
import type { KubeReader } from "../util/kube-reader.ts";

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface GradingTarget {
  /** Learner-readable name, e.g. `environment test-hello-pods`. */
  readonly name: string;
  /** The namespace the learner works in; probe pods run there too. */
  readonly namespace: string;
  /**
   * Reads as cluster admin over one kept-alive connection (util/kube-reader.ts); without
   * it, or when it fails, reads go through `kubectl`.
   */
  reader?: () => Promise<KubeReader>;
  /** kubectl as cluster admin. Never throws on a non-zero exit: graders judge it. */
  kubectl(args: string[]): Promise<ExecResult>;
  /** `sh -c script` in the learner's workstation, as the learner; absent without one. */
  workstation?: (script: string, timeoutMs: number) => Promise<ExecResult>;
  /** `sh -c script` in a node container; absent when nodes are not reachable. */
  node?: (nodeName: string, script: string, timeoutMs: number) => Promise<ExecResult>;
  /**
   * The cluster is Kindling's own: http probes from inside it may use a long-lived probe pod
   * in the grader's namespace instead of a throwaway pod per probe (probe-pod.ts).
   */
  keepsProbePod?: boolean;
}

/** Why a vantage is not available, in words for the person running the grader. */
export function missingVantage(
  target: GradingTarget,
  vantage: "workstation" | "node",
): string | undefined {
  if (vantage === "workstation" && !target.workstation)
    return `${target.name} has no workstation: checks from the learner's workstation cannot run (grade with --name to include them)`;
  if (vantage === "node" && !target.node)
    return `${target.name} gives no access to the nodes: checks from a node cannot run (grade with --name to include them)`;
  return undefined;
}
