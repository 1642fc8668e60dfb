import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { env } from "../env.ts";
import { manifestsDir } from "../images/paths.ts";
import { loadVersions } from "../images/versions.ts";
import { docker } from "../util/docker.ts";
import { loadBalancerRange } from "./address-range.ts";
import type { Progress } from "./kind-cluster.ts";
import { renderTemplate } from "./template.ts";

export const ADDONS = ["loadbalancer", "ingress"] as const;
export type Addon = (typeof ADDONS)[number];

/** Add-ons as labs name them (lab.yaml `addons`): `gateway` is a lab's word, not an install. */
export type LabAddon = Addon | "gateway";

/**
 * The cluster add-ons a lab's list needs, each once, in the lab's order. Traefik serves
 * the Gateway API as well as Ingress, so `gateway` is the ingress add-on.
 */
export function addonsForLab(addons: readonly LabAddon[]): Addon[] {
  return [...new Set(addons.map((a): Addon => (a === "gateway" ? "ingress" : a)))];
}

export function parseAddons(list: string): Addon[] {
  const names = list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(ADDONS as readonly string[]).includes(n));
  if (unknown.length > 0)
    throw new Error(`unknown add-on ${unknown.join(", ")}; choose from ${ADDONS.join(", ")}`);
  return names as Addon[];
}

/** Upstream manifests are extracted from Go modules into the cache by the image recipes. */
function cachedManifest(file: string, recipe: string): string {
  const full = path.join(env.KINDLING_CACHE, "manifests", file);
  if (!existsSync(full))
    throw new Error(`${full} is missing; run \`npx kindling images build ${recipe}\``);
  return readFileSync(full, "utf8");
}

function template(file: string, values: Record<string, string>): string {
  const full = path.join(manifestsDir, file);
  return renderTemplate(readFileSync(full, "utf8"), values, full);
}

/**
 * What installing add-ons needs of a cluster, on either backend: admin apply and kubectl
 * that throw on failure, and the addresses MetalLB may hand out on the segment the nodes
 * and the workstation share.
 */
export interface AddonCluster {
  apply(manifest: string, what: string, extraArgs?: string[]): Promise<unknown>;
  kubectl(args: string[]): Promise<unknown>;
  loadBalancerRange(): Promise<string>;
}

/** MetalLB's addresses on a Docker backend cluster: the top of its network. */
export async function dockerLoadBalancerRange(network: string): Promise<string> {
  const info = await (await docker()).getNetwork(network).inspect();
  const subnet = info.IPAM?.Config?.[0]?.Subnet;
  if (!subnet) throw new Error(`network ${network} has no IPv4 subnet`);
  return loadBalancerRange(subnet);
}

/** Retries an apply that a just-started admission webhook may refuse for a few seconds. */
async function applyWhenReady(
  cluster: AddonCluster,
  manifest: string,
  what: string,
): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      await cluster.apply(manifest, what);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

async function installLoadBalancer(cluster: AddonCluster): Promise<void> {
  const v = loadVersions();
  await cluster.apply(
    cachedManifest(`metallb-native-${v.metallb}.yaml`, "metallb-controller"),
    "MetalLB",
    ["--server-side", "--force-conflicts"],
  );
  await cluster.kubectl([
    "-n",
    "metallb-system",
    "rollout",
    "status",
    "deployment/controller",
    "--timeout=180s",
  ]);
  await cluster.kubectl([
    "-n",
    "metallb-system",
    "rollout",
    "status",
    "daemonset/speaker",
    "--timeout=180s",
  ]);
  await applyWhenReady(
    cluster,
    template("metallb-pool.yaml", { AddressRange: await cluster.loadBalancerRange() }),
    "MetalLB address pool",
  );
}

async function installIngress(cluster: AddonCluster): Promise<void> {
  const v = loadVersions();
  await cluster.apply(
    cachedManifest(`gateway-api-${v.gatewayApi}-standard.yaml`, "traefik"),
    "Gateway API CRDs",
    ["--server-side", "--force-conflicts"],
  );
  await cluster.apply(
    template("traefik.yaml", { TraefikImage: `traefik:${v.traefik}` }),
    "Traefik",
  );
  await cluster.kubectl([
    "-n",
    "traefik",
    "rollout",
    "status",
    "daemonset/traefik",
    "--timeout=180s",
  ]);
}

export async function installAddons(
  cluster: AddonCluster,
  addons: Addon[],
  progress: Progress,
): Promise<void> {
  for (const addon of addons) {
    progress(`installing ${addon}`);
    if (addon === "loadbalancer") await installLoadBalancer(cluster);
    if (addon === "ingress") await installIngress(cluster);
  }
}
