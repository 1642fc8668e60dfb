import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartedKindCluster } from "../cluster/started-kind-cluster.ts";
import { CLUSTER_LABEL } from "../cluster/labels.ts";
import { env } from "../env.ts";
import { namespaceOf } from "./environment-objects.ts";
import { hostApi, useHostKubeconfig } from "./host-api.ts";
import { createHostCluster } from "./host-cluster.ts";
import { KubeEnvironment } from "./kube-environment.ts";

// Environments on a host cluster: where the host scheduler puts them, and what is left
// when they go. The host is KINDLING_HOST_KUBECONFIG's when set (a developer's, made by
// `kindling host create`), else one made here and deleted afterwards.
const suffix = process.pid % 10000;
const names = [`kenv-a-${suffix}`, `kenv-b-${suffix}`];
let host: StartedKindCluster | undefined;
const environments: KubeEnvironment[] = [];

const parse = (quantity: string | undefined): number => {
  const match = /^(\d+)(Ki|Mi|Gi)?$/.exec(quantity ?? "");
  if (!match) throw new Error(`unexpected quantity ${quantity}`);
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[match[2] ?? ""] ?? 1;
  return Number(match[1]) * unit;
};

beforeAll(async () => {
  if (!env.KINDLING_HOST_KUBECONFIG) {
    host = await createHostCluster(`khost-${suffix}`, { workers: 2 });
    useHostKubeconfig(await host.writeKubeconfig());
  }
  for (const name of names)
    environments.push(await KubeEnvironment.create({ name, workers: 1, addons: [] }));
});

afterAll(async () => {
  for (const environment of environments) await environment.destroy().catch(() => {});
  await host?.delete();
});

describe("environments on a host cluster", () => {
  it("gives each learner a working cluster from the workstation", async () => {
    const result = await environments[0]!
      .workstation()
      .exec(["sh", "-c", "kubectl get nodes --no-headers | wc -l"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe("2");
  });

  it("places two environments on different host nodes when one node cannot hold both", async () => {
    const api = await hostApi();
    const placed = await Promise.all(
      names.map(async (name) => {
        const pods = await api.core.listNamespacedPod({ namespace: namespaceOf(name) });
        const requested = pods.items
          .flatMap((p) => p.spec?.containers ?? [])
          .reduce((sum, c) => sum + parse(c.resources?.requests?.memory), 0);
        return { nodes: new Set(pods.items.map((p) => p.spec?.nodeName)), requested };
      }),
    );
    // Each environment sits on one host node, and the two on different ones.
    expect(placed.map((p) => p.nodes.size)).toEqual([1, 1]);
    const [a, b] = placed.map((p) => [...p.nodes][0]);
    expect(a).not.toBe(b);
    // The spreading was forced: no host node could have taken both.
    const node = await api.core.readNode({ name: a! });
    const allocatable = parse(node.status?.allocatable?.memory);
    expect(placed[0]!.requested + placed[1]!.requested).toBeGreaterThan(allocatable);
  });

  it("leaves no object on the host once an environment is deleted", async () => {
    const api = await hostApi();
    const [first] = environments.splice(0, 1);
    await first!.destroy();
    await KubeEnvironment.waitGone(first!.name);
    const selector = `${CLUSTER_LABEL}=${first!.name}`;
    expect((await api.core.listNamespace({ labelSelector: selector })).items).toEqual([]);
    expect((await api.core.listPodForAllNamespaces({ labelSelector: selector })).items).toEqual([]);
    expect((await api.core.listServiceForAllNamespaces({ labelSelector: selector })).items).toEqual(
      [],
    );
    expect(await KubeEnvironment.names()).not.toContain(first!.name);
  });
});
