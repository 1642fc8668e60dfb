// Is the learner's namespace at rest? The Check button, `lab grade` and `lab test` grade a
// state at rest once instead of retrying every check until its timeout: when nothing is in
// motion, a failing check will not start passing by waiting. The judgement is
// pending-work.ts's; this file reads the namespace for it and marks checks to answer once.
import type { Check } from "../lab-format/check-format.ts";
import type { GradingTarget } from "./grading-target.ts";
import { viaReader } from "./kubectl-json.ts";
import { type NamespaceObject, pendingReason, routingChanged } from "./pending-work.ts";
import { proxiesSyncedAt } from "./proxy-sync.ts";

const WATCHED =
  "deployments.apps,pods,services,endpointslices.discovery.k8s.io,ingresses.networking.k8s.io";

/** Why the learner's namespace is still settling, or undefined when it is at rest. */
export async function settling(target: GradingTarget): Promise<string | undefined> {
  const read = await viaReader(target, async (reader) =>
    (
      await Promise.all(WATCHED.split(",").map((type) => reader.list(type, target.namespace)))
    ).flat(),
  );
  if (read.ok) return judged(target, read.value as NamespaceObject[]);
  // managedFields carry the time of the last update, which kubectl hides unless asked.
  const listed = await target.kubectl([
    "get",
    WATCHED,
    "-n",
    target.namespace,
    "-o",
    "json",
    "--show-managed-fields",
  ]);
  // Unreadable state is treated as settling: waiting is the safe side of not knowing.
  if (listed.exitCode !== 0) return "the cluster's state could not be read";
  try {
    const list = JSON.parse(listed.stdout) as { items?: NamespaceObject[] };
    return await judged(target, list.items ?? []);
  } catch {
    return "the cluster's state could not be read";
  }
}

/** A routing change waits for kube-proxy on every node, where the nodes can be asked. */
async function judged(target: GradingTarget, objects: NamespaceObject[]) {
  const reason = pendingReason(objects, Date.now());
  if (!reason || !routingChanged(objects, Date.now())) return reason;
  return pendingReason(objects, Date.now(), await proxiesSyncedAt(target));
}

/** Polls until nothing is settling, for at most `ms`; the reasons it waited for, each once. */
export async function waitUntilSettled(target: GradingTarget, ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  const waited: string[] = [];
  for (;;) {
    const reason = Date.now() < deadline ? await settling(target) : undefined;
    if (!reason) return waited;
    if (!waited.includes(reason)) waited.push(reason);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const ONCE = Symbol("answer once");
type Marked = Check & { [ONCE]?: true };

/**
 * The check made to answer at once, for a state at rest. Its timeout stays: a command
 * check's timeout also bounds the command itself.
 */
export function withoutRetries(check: Check): Check {
  return { ...check, [ONCE]: true } as Marked;
}

/** How long a grader may retry a failing check: its timeout, or nothing when marked once. */
export function retryWindowMs(check: Check): number {
  return (check as Marked)[ONCE] ? 0 : check.timeoutSeconds * 1000;
}
