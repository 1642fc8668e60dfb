// The Browser tab's request, end to end: judge the URL against the environment's own
// addresses, run it with curl in the learner's workstation, and describe what came back.
// A refusal never reaches the workstation.
import {
  type BrowseResponse,
  type BrowseRoute,
  MAX_BROWSE_BODY_BYTES,
} from "../protocol/browser-api.ts";
import type { GradingTarget } from "../grader/grading-target.ts";
import { buildBrowseScript, parseBrowseOutput } from "./browse-request.ts";
import { type BrowseTarget, resolveBrowseTarget } from "./browse-target.ts";
import { readEnvironmentAddresses } from "./environment-addresses.ts";

const MAX_TIME_SECONDS = 10;

function routeOf(target: BrowseTarget): BrowseRoute {
  const address =
    target.connect.kind === "address"
      ? `${target.connect.ip}:${target.port}`
      : `127.0.0.1:${target.port} in your workstation`;
  return { via: target.via, address, host: target.host };
}

/** What the pod behind the entry sees as the client, which is rarely the sender. */
function backendSees(target: BrowseTarget, from: string): string {
  switch (target.entry) {
    case "ingress":
      return "the ingress controller's pod address: it opens its own connection to the backend";
    case "workstation":
      return "the port-forward: kubectl hands the bytes to the pod, which sees them arrive on its own localhost";
    default:
      return `${from || "your workstation"} (your workstation) with externalTrafficPolicy: Local; with Cluster (the default), kube-proxy may pass it on from a node's address`;
  }
}

/** Text a page view can show: declared as text, or at least free of NUL bytes. */
function asText(contentType: string, body: Buffer): string {
  const textual = /^(text\/|application\/(json|xml|javascript|.*\+json|.*\+xml))/i.test(
    contentType,
  );
  if (!textual && (contentType || body.includes(0))) return "";
  return body.toString("utf8");
}

/** A redirect's target made absolute; a Location that is no URL is shown as it came. */
function redirectTarget(location: string | undefined, base: string): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, base).href;
  } catch {
    return location;
  }
}

export async function browse(grading: GradingTarget, url: string): Promise<BrowseResponse> {
  if (!grading.workstation) throw new Error(`${grading.name} has no workstation`);
  const resolution = resolveBrowseTarget(url, await readEnvironmentAddresses(grading));
  if (!resolution.ok) return { outcome: "refused", url: resolution.url, reason: resolution.reason };
  const { target } = resolution;
  const started = Date.now();
  const result = await grading.workstation(
    buildBrowseScript(target, {
      maxBodyBytes: MAX_BROWSE_BODY_BYTES,
      maxTimeSeconds: MAX_TIME_SECONDS,
    }),
    (MAX_TIME_SECONDS + 5) * 1000,
  );
  const durationMs = Date.now() - started;
  const output = parseBrowseOutput(result.stdout);
  const route = routeOf(target);
  if (output.kind === "failed")
    return { outcome: "failed", url: target.url, route, message: output.message, durationMs };
  const header = (name: string) => output.headers.find(([n]) => n.toLowerCase() === name)?.[1];
  const contentType = header("content-type") ?? "";
  const location = redirectTarget(
    output.status >= 300 && output.status < 400 ? header("location") : undefined,
    target.url,
  );
  return {
    outcome: "answered",
    url: target.url,
    route,
    status: output.status,
    headers: output.headers,
    contentType,
    body: asText(contentType, output.body),
    truncated: output.size > MAX_BROWSE_BODY_BYTES,
    ...(location ? { location } : {}),
    clientAddress: output.localIp,
    backendSees: backendSees(target, output.localIp),
    durationMs,
  };
}
