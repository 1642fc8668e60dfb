// resource: partial match on live objects (chainsaw/kuttl semantics), optionally counted by
// selector, and a Service's ready endpoints read from EndpointSlices.
import type { ResourceCheck } from "../lab-format/check-format.ts";
import type { Verdict } from "./check-result.ts";
import { countHolds, describeCount } from "./distribution.ts";
import type { GradingTarget } from "./grading-target.ts";
import {
  getObject,
  type KubeObject,
  listObjects,
  resourceType,
  selectorText,
} from "./kubectl-json.ts";
import { describeMismatches } from "./mismatch-words.ts";
import { describeExpectation, formatDiff, partialMatch } from "./partial-match.ts";
import { openCheck } from "./check-opening.ts";
import {
  describeOtherPorts,
  describePortFilter,
  explainNoEndpoints,
  readServiceFacts,
  servesPort,
} from "./service-endpoints.ts";

export function gradeResource(target: GradingTarget, check: ResourceCheck): Promise<Verdict> {
  return openCheck(target, check, undefined, () => attempt(target, check));
}

async function attempt(target: GradingTarget, check: ResourceCheck): Promise<Verdict> {
  const { resource } = check;
  const type = resourceType(resource.apiVersion, resource.kind);
  const what = resource.name
    ? `${resource.kind} ${resource.name}`
    : `${resource.kind} objects labelled ${selectorText(resource.selector ?? {})}`;
  const objects: KubeObject[] = resource.name
    ? [await getObject(target, type, resource.name, resource.namespace)].filter(
        (o): o is KubeObject => o !== undefined,
      )
    : await listObjects(target, type, resource.selector ?? {}, resource.namespace);

  if (check.absent)
    return objects.length === 0
      ? { passed: true, expected: `no ${what}`, observed: `there is no ${what}` }
      : { passed: false, expected: `no ${what}`, observed: `${what} still exists` };

  if (objects.length === 0)
    return {
      passed: false,
      expected: `${what} exists`,
      observed: `there is no ${what} in namespace ${resource.namespace}`,
    };

  if (!resource.name) {
    const count = check.count ?? { min: 1 };
    if (!countHolds(objects.length, count))
      return {
        passed: false,
        expected: `${describeCount(count, "object")}: ${what}`,
        observed: `found ${objects.length}: ${objects.map((o) => o.metadata?.name).join(", ")}`,
      };
  }

  if (check.expect) {
    for (const object of objects) {
      const mismatches = partialMatch(check.expect, object);
      if (mismatches.length === 0) continue;
      const name = `${resource.kind} ${object.metadata?.name ?? "?"}`;
      return {
        passed: false,
        expected: `${name}: ${describeExpectation(check.expect).join("; ")}`,
        observed: `${name}: ${describeMismatches(mismatches).join("; ")}`,
        diagnostics: formatDiff(mismatches),
      };
    }
  }

  if (check.runningForSeconds !== undefined) {
    const seconds = check.runningForSeconds;
    for (const object of objects) {
      const name = `Pod ${object.metadata?.name ?? "?"}`;
      const problem = notRunningLongEnough(object, seconds, Date.now());
      if (problem)
        return {
          passed: false,
          expected: `${name}: every container has been running for at least ${seconds} s`,
          observed: `${name}: ${problem}`,
        };
    }
  }

  if (check.endpoints) {
    const name = objects[0]!.metadata?.name ?? "";
    const facts = await readServiceFacts(target, name, resource.namespace);
    const filter = check.endpoints.port;
    // With a port, only endpoints that serve it count: a Service port reaches the
    // endpoints whose slice has a port of the same name (the number is where they listen).
    const ready = filter ? facts.ready.filter((e) => servesPort(e, filter)) : facts.ready;
    const forPort = filter ? ` for ${describePortFilter(filter)}` : "";
    const expected = `Service ${name} has ${describeCount(check.endpoints.ready, "ready endpoint")}${forPort}`;
    const diagnostics = JSON.stringify({ ready: facts.ready, pods: facts.pods }, null, 2);
    if (!countHolds(ready.length, check.endpoints.ready))
      return {
        passed: false,
        expected,
        observed:
          explainNoEndpoints(facts) ??
          `Service ${name} has ${ready.length} ready endpoint${ready.length === 1 ? "" : "s"}${forPort}${ready.length > 0 ? ` (${ready.map((e) => e.pod ?? e.address).join(", ")})` : ""}${filter ? describeOtherPorts(facts.ready, filter) : ""}`,
        diagnostics,
      };
    return { passed: true, expected, observed: `${ready.length} ready endpoints${forPort}` };
  }

  return {
    passed: true,
    expected: `${what} as described`,
    observed: objects.length === 1 ? `${what} matches` : `${objects.length} objects match`,
  };
}

interface ContainerStatusJson {
  name: string;
  state?: {
    running?: { startedAt?: string };
    terminated?: { reason?: string; exitCode?: number };
    waiting?: { reason?: string };
  };
}

/** Why a pod's containers have not been running for `seconds` yet, or undefined when they have. */
export function notRunningLongEnough(
  pod: KubeObject,
  seconds: number,
  now: number,
): string | undefined {
  const status = pod.status as { containerStatuses?: ContainerStatusJson[] } | undefined;
  const statuses = status?.containerStatuses ?? [];
  if (statuses.length === 0) return "no container has started yet";
  for (const { name, state } of statuses) {
    if (state?.terminated)
      return `container ${name} is not running: it ended (${state.terminated.reason ?? "terminated"}, exit code ${state.terminated.exitCode ?? "?"}) — it needs a command that keeps running`;
    if (!state?.running)
      return `container ${name} is not running${state?.waiting?.reason ? ` (${state.waiting.reason})` : ""}`;
    const started = Date.parse(state.running.startedAt ?? "");
    const ranFor = Number.isNaN(started) ? 0 : Math.floor((now - started) / 1000);
    if (ranFor < seconds)
      return `container ${name} has been running for ${ranFor} s only — a container that ends at once is Running for a moment, so it must stay up ${seconds} s`;
  }
  return undefined;
}
