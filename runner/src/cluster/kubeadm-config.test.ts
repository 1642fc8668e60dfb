import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { MiB } from "./environment-budget.ts";
import { kubeadmConfig } from "./kubeadm-config.ts";
import { COMPONENT_GOGC, kubeletEnvFile } from "./node-memory.ts";
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

/** The document of one kind, typed as the test reads it. */
function ofKind<T = Record<string, unknown>>(text: string, kind: string): T {
  const doc = parseAllDocuments(text)
    .map((d) => d.toJS() as { kind: string })
    .find((d) => d.kind === kind);
  if (!doc) throw new Error(`no ${kind}`);
  return doc as unknown as T;
}

describe("the kubeadm configuration", () => {
  const text = kubeadmConfig(input);
  const kubelet = ofKind(text, "KubeletConfiguration");

  it("turns disk eviction on with every signal named, and image garbage collection off", () => {
    expect(kubelet.evictionHard).toEqual({
      "memory.available": "100Mi",
      "nodefs.available": "5%",
      "nodefs.inodesFree": "5%",
      "imagefs.available": "5%",
      "imagefs.inodesFree": "5%",
    });
    // The closed image set cannot grow; deleting its images would stop new pods.
    expect(kubelet.imageGCHighThresholdPercent).toBe(100);
  });

  it("sandboxes pods: RuntimeDefault seccomp and a PID limit", () => {
    expect(kubelet.seccompDefault).toBe(true);
    expect(kubelet.podPidsLimit).toBe(512);
  });

  it("reserves the node's memory beyond its pod share, per node", () => {
    const init = ofKind<{
      nodeRegistration: { kubeletExtraArgs: { name: string; value: string }[] };
    }>(text, "InitConfiguration");
    expect(init.nodeRegistration.kubeletExtraArgs).toContainEqual({
      name: "system-reserved",
      value: "memory=22000Mi",
    });
  });

  it("points the API server at the Pod Security admission defaults", () => {
    const cluster = ofKind<{
      apiServer: { extraArgs: { name: string; value: string }[]; extraVolumes: unknown[] };
    }>(text, "ClusterConfiguration");
    expect(cluster.apiServer.extraArgs).toContainEqual({
      name: "admission-control-config-file",
      value: ADMISSION_FILE,
    });
    expect(cluster.apiServer.extraVolumes).toHaveLength(1);
  });

  it("has every control-plane component and etcd collect garbage sooner than Go's default", () => {
    type Component = { extraEnvs?: { name: string; value: string }[] };
    const cluster = ofKind<{
      apiServer: Component;
      controllerManager: Component;
      scheduler: Component;
      etcd: { local: Component };
    }>(text, "ClusterConfiguration");
    const gogc = { name: "GOGC", value: String(COMPONENT_GOGC) };
    for (const component of [
      cluster.apiServer,
      cluster.controllerManager,
      cluster.scheduler,
      cluster.etcd.local,
    ])
      expect(component.extraEnvs).toContainEqual(gogc);
    expect(COMPONENT_GOGC).toBeLessThan(100);
    expect(kubeletEnvFile()).toBe(`GOGC=${COMPONENT_GOGC}\n`);
  });
});

describe("the Pod Security admission defaults", () => {
  it("enforce baseline everywhere but the cluster's own add-on namespaces", () => {
    const config = ofKind<{
      plugins: { name: string; configuration: Record<string, Record<string, unknown>> }[];
    }>(podSecurityAdmissionConfig(), "AdmissionConfiguration");
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
