import { describe, expect, it } from "vitest";
import { environmentBudget } from "../cluster/environment-budget.ts";
import { CLUSTER_LABEL, OWNER_LABEL } from "../cluster/labels.ts";
import {
  environmentNamespace,
  environmentNetworkPolicy,
  namespaceOf,
  nodePod,
  pinnedHostNode,
  workstationPod,
} from "./environment-objects.ts";
import { exitCodeOf } from "./host-api.ts";
import { unschedulableReason } from "./pod-waits.ts";

const budget = environmentBudget({ workers: 1, addons: [] });

describe("an environment's host objects", () => {
  it("puts everything in one labelled namespace that privileged node pods may use", () => {
    const ns = environmentNamespace("demo");
    expect(ns.metadata?.name).toBe(namespaceOf("demo"));
    expect(ns.metadata?.labels?.[OWNER_LABEL]).toBe("kindling");
    expect(ns.metadata?.labels?.[CLUSTER_LABEL]).toBe("demo");
    expect(ns.metadata?.labels?.["pod-security.kubernetes.io/enforce"]).toBe("privileged");
  });

  it("asks the host scheduler for each node's whole memory budget, and caps it there", () => {
    const cp = nodePod("demo", "demo-control-plane", "control-plane", "img", budget, "host-a");
    const worker = nodePod("demo", "demo-worker", "worker", "img", budget, "host-a");
    const cpResources = cp.spec?.containers[0]?.resources;
    expect(cpResources?.requests?.memory).toBe(String(budget.controlPlane.memoryBytes));
    expect(cpResources?.limits?.memory).toBe(String(budget.controlPlane.memoryBytes));
    expect(worker.spec?.containers[0]?.resources?.limits?.memory).toBe(
      String(budget.worker.memoryBytes),
    );
    expect(cp.spec?.containers[0]?.securityContext?.privileged).toBe(true);
    // Never pulled: the host's workers hold the node image (host-cluster.ts).
    expect(cp.spec?.containers[0]?.imagePullPolicy).toBe("Never");
  });

  it("pins every pod of an environment to the host node chosen for it", () => {
    const cp = nodePod("demo", "demo-control-plane", "control-plane", "img", budget, "host-a");
    const worker = nodePod("demo", "demo-worker", "worker", "img", budget, "host-a");
    const ws = workstationPod("demo", "img", "node-img", budget, "host-a");
    for (const pod of [cp, worker, ws]) {
      expect(pinnedHostNode(pod)).toBe("host-a");
      // Through the scheduler, which still checks the pod's requests and the node's taints.
      expect(pod.spec?.nodeName).toBeUndefined();
    }
    expect(pinnedHostNode({ spec: { containers: [] } })).toBeUndefined();
  });

  it("keeps the workstation unprivileged", () => {
    const container = workstationPod("demo", "img", "node-img", budget, "host-a").spec
      ?.containers[0];
    expect(container?.securityContext?.privileged).toBeUndefined();
    expect(container?.securityContext?.capabilities?.drop).toEqual(["ALL"]);
    expect(container?.securityContext?.allowPrivilegeEscalation).toBe(false);
  });

  it("lets the environment reach only itself, DNS and the mirror", () => {
    const policy = environmentNetworkPolicy("demo", ["172.18.0.0/16"]);
    expect(policy.spec?.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(policy.spec?.egress).toHaveLength(3);
    expect(policy.spec?.egress?.[2]?.to?.[0]?.ipBlock?.cidr).toBe("172.18.0.0/16");
    expect(environmentNetworkPolicy("demo", []).spec?.egress).toHaveLength(2);
  });
});

describe("host API answers", () => {
  it("reads an exec's exit code from its closing status", () => {
    expect(exitCodeOf({ status: "Success" })).toBe(0);
    expect(
      exitCodeOf({
        status: "Failure",
        details: { causes: [{ reason: "ExitCode", message: "3" }] },
      }),
    ).toBe(3);
    expect(exitCodeOf({ status: "Failure", message: "container not found" })).toBe(1);
  });

  it("tells an unschedulable pod by its scheduler condition", () => {
    expect(
      unschedulableReason({
        status: {
          conditions: [
            {
              type: "PodScheduled",
              status: "False",
              reason: "Unschedulable",
              message: "0/3 nodes are available: 2 Insufficient memory.",
            },
          ],
        },
      }),
    ).toMatch(/Insufficient memory/);
    expect(unschedulableReason({ status: { phase: "Pending" } })).toBeUndefined();
  });
});
