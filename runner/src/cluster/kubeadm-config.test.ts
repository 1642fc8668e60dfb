import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { MiB } from "./environment-budget.ts";
import { kubeadmConfig } from "./kubeadm-config.ts";
import { ADMISSION_FILE, podSecurityAdmissionConfig } from "./pod-security-admission.ts";

const input = {
  clusterName: "demo",
  kubernetesVersion: "v1.34.4",
  controlPlaneHost: "demo-control-plane",
  controlPlaneIp: "172.18.0.2",
  nodeIp: "172.18.0.3",
  token: "abcdef.0123456789abcdef",
  podSubnet: "10.244.0.0/16",
  serviceSubnet: "10.96.0.0/16",
  cgroupV1: true,
  systemReservedBytes: 22_000 * MiB,
};

const byKind = (text: string) =>
  new Map(
    parseAllDocuments(text).map((d) => {
      const doc = d.toJS() as { kind: string } & Record<string, unknown>;
      return [doc.kind, doc];
    }),
  );

describe("the kubeadm configuration", () => {
  const docs = byKind(kubeadmConfig(input));
  const kubelet = docs.get("KubeletConfiguration")!;

  it("turns disk eviction and image garbage collection back on, with every signal named", () => {
    expect(kubelet.evictionHard).toEqual({
      "memory.available": "100Mi",
      "nodefs.available": "5%",
      "nodefs.inodesFree": "5%",
      "imagefs.available": "5%",
      "imagefs.inodesFree": "5%",
    });
    expect(kubelet.imageGCHighThresholdPercent).toBeLessThan(100);
  });

  it("sandboxes pods: RuntimeDefault seccomp and a PID limit", () => {
    expect(kubelet.seccompDefault).toBe(true);
    expect(kubelet.podPidsLimit).toBe(512);
  });

  it("reserves the node's memory beyond its pod share, per node", () => {
    const init = docs.get("InitConfiguration") as {
      nodeRegistration: { kubeletExtraArgs: { name: string; value: string }[] };
    };
    expect(init.nodeRegistration.kubeletExtraArgs).toContainEqual({
      name: "system-reserved",
      value: "memory=22000Mi",
    });
  });

  it("points the API server at the Pod Security admission defaults", () => {
    const cluster = docs.get("ClusterConfiguration") as {
      apiServer: { extraArgs: { name: string; value: string }[]; extraVolumes: unknown[] };
    };
    expect(cluster.apiServer.extraArgs).toContainEqual({
      name: "admission-control-config-file",
      value: ADMISSION_FILE,
    });
    expect(cluster.apiServer.extraVolumes).toHaveLength(1);
  });
});

describe("the Pod Security admission defaults", () => {
  it("enforce baseline everywhere but the cluster's own add-on namespaces", () => {
    const config = byKind(podSecurityAdmissionConfig()).get("AdmissionConfiguration") as {
      plugins: { name: string; configuration: Record<string, Record<string, unknown>> }[];
    };
    const plugin = config.plugins[0]!;
    expect(plugin.name).toBe("PodSecurity");
    expect(plugin.configuration.defaults).toMatchObject({
      enforce: "baseline",
      "enforce-version": "latest",
    });
    expect(plugin.configuration.exemptions!.namespaces).not.toContain("default");
    expect(plugin.configuration.exemptions!.usernames).toEqual([]);
  });
});
