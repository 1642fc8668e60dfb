// Is the learner's namespace at rest? Both the Check button and `lab test` grade a state at
// rest once instead of retrying every check until its timeout: when nothing is in motion, a
// failing check will not start passing by waiting. The judgement is pending-work.ts's.
import type { Check } from "../lab-format/check-format.ts";
import type { GradingTarget } from "./grading-target.ts";
import { type NamespaceObject, pendingReason } from "./pending-work.ts";

const WATCHED = "deployments.apps,pods,services,endpointslices.discovery.k8s.io";

/** Why the learner's namespace is still settling, or undefined when it is at rest. */
export async function settling(target: GradingTarget): Promise<string | undefined> {
  const listed = await target.kubectl(["get", WATCHED, "-n", target.namespace, "-o", "json"]);
  // Unreadable state is treated as settling: waiting is the safe side of not knowing.
  if (listed.exitCode !== 0) return "the cluster's state could not be read";
  try {
    const list = JSON.parse(listed.stdout) as { items?: NamespaceObject[] };
    return pendingReason(list.items ?? [], Date.now());
  } catch {
    return "the cluster's state could not be read";
  }
}

/** Polls until nothing is settling, for at most `ms`. */
export async function waitUntilSettled(target: GradingTarget, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && (await settling(target)))
    await new Promise((resolve) => setTimeout(resolve, 1000));
}

/**
 * The check made to answer at once, for a state at rest. A command check keeps its timeout:
 * for it, the timeout bounds the command rather than a wait.
 */
export function withoutRetries(check: Check): Check {
  return check.kind === "command" ? check : { ...check, timeoutSeconds: 0.001 };
}
