import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker } from "../util/docker.ts";
import { environmentBudget } from "../cluster/environment-budget.ts";
import { CLUSTER_LABEL } from "../cluster/labels.ts";
import { LabEnvironment } from "./lab-environment.ts";
import { LEARNER_KINDS } from "./learner-kinds.ts";

// A learner's environment, attacked from its own workstation the way a hostile learner
// would: every door to the privileged node containers must be shut. Both add-ons are in,
// so the kinds their APIs serve are among those the learner's rights are checked against.
const NAME = `env-${process.pid % 10000}`;
let environment: LabEnvironment;

const asLearner = (script: string) =>
  environment.workstationExec(["bash", "-c", script], { timeoutMs: 60_000 });

beforeAll(async () => {
  environment = await LabEnvironment.create({
    name: NAME,
    workers: 0,
    addons: ["loadbalancer", "ingress"],
  });
});

afterAll(async () => {
  await environment?.destroy();
  const engine = await docker();
  const filter = { label: [`${CLUSTER_LABEL}=${NAME}`] };
  expect(await engine.listContainers({ all: true, filters: filter })).toEqual([]);
  expect((await engine.listVolumes({ filters: filter })).Volumes ?? []).toEqual([]);
  expect(await engine.listNetworks({ filters: filter })).toEqual([]);
});

describe("a learner's environment", () => {
  it("gives the learner a working kubectl as user learner", async () => {
    const result = await asLearner(
      "whoami && kubectl auth whoami -o jsonpath='{.status.userInfo.username}' && kubectl get nodes -o name",
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("learner\nlearner");
    expect(result.stdout).toContain(`node/${NAME}-control-plane`);
  });

  it("lets the learner build Services, Deployments and hand-made Endpoints", async () => {
    const result = await asLearner(
      "kubectl create deployment web --image=kindling/kubia:v1 && kubectl expose deployment web --port=80 --target-port=8080 && " +
        "kubectl create -f - <<'YAML'\napiVersion: v1\nkind: Endpoints\nmetadata: { name: outside }\nsubsets: [{ addresses: [{ ip: 192.0.2.10 }], ports: [{ port: 80 }] }]\nYAML",
    );
    expect(result.stderr).not.toMatch(/forbidden/i);
    expect(result.exitCode).toBe(0);
  });

  it("lets the learner create exactly the kinds Reset step removes", async () => {
    const result = await asLearner(
      "kubectl api-resources --namespaced --verbs=create,delete -o name | sort > /tmp/kinds && cat /tmp/kinds && echo --- && " +
        'while read -r kind; do kubectl auth can-i create "$kind" -n default >/dev/null 2>&1 && echo "$kind"; done < /tmp/kinds; true',
    );
    const [served = "", creatable = ""] = result.stdout.split("---\n");
    // The add-ons' APIs are served, so they were asked about.
    expect(served).toContain("referencegrants.gateway.networking.k8s.io");
    expect(served).toContain("ipaddresspools.metallb.io");
    expect(creatable.trim().split("\n").sort()).toEqual(LEARNER_KINDS.map((k) => k.name).sort());
  });

  it.each([
    ["a privileged pod", "kubectl run priv --image=busybox --privileged -- sleep 1d"],
    [
      "a hostPath mount",
      `kubectl apply -f - <<'YAML'\napiVersion: v1\nkind: Pod\nmetadata: { name: hostpath }\nspec:\n  containers: [{ name: c, image: busybox, command: [sleep, 1d], volumeMounts: [{ name: h, mountPath: /host }] }]\n  volumes: [{ name: h, hostPath: { path: / } }]\nYAML`,
    ],
    [
      "host networking",
      `kubectl apply -f - <<'YAML'\napiVersion: v1\nkind: Pod\nmetadata: { name: hostnet }\nspec:\n  hostNetwork: true\n  containers: [{ name: c, image: busybox, command: [sleep, 1d] }]\nYAML`,
    ],
  ])("refuses %s with the admission message", async (_what, command) => {
    const result = await asLearner(command);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/violates PodSecurity "baseline:latest"/);
  });

  it("does not let the learner lift Pod Security, create namespaces or read secrets", async () => {
    const relabel = await asLearner(
      "kubectl label --overwrite ns default pod-security.kubernetes.io/enforce=privileged",
    );
    expect(relabel.stderr).toMatch(/forbidden/);
    const namespace = await asLearner("kubectl create namespace escape");
    expect(namespace.stderr).toMatch(/forbidden/);
    const secrets = await asLearner("kubectl -n kube-system get secrets");
    expect(secrets.stderr).toMatch(/forbidden/);
  });

  it("gives the workstation no Docker socket, no capabilities and only its cluster's network", async () => {
    const result = await asLearner(
      "ls /var/run/docker.sock 2>&1; grep CapEff /proc/self/status; ip -4 -o addr show | grep -v ' lo ' | wc -l",
    );
    expect(result.stdout).toMatch(/No such file/);
    expect(result.stdout).toMatch(/CapEff:\s+0000000000000000/);
    expect(result.stdout.trim().split("\n").at(-1)).toBe("1");
    const engine = await docker();
    const info = await engine.getContainer(environment.workstationId).inspect();
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual([environment.cluster.network]);
    expect(info.HostConfig.Privileged).toBe(false);
    expect(info.HostConfig.Binds ?? []).toEqual([]);
  });

  it("bounds the learner's namespace and the workstation", async () => {
    const listed = await asLearner("kubectl get limitrange,resourcequota -o name");
    expect(listed.stdout).toContain("limitrange/kindling-learner-limits");
    expect(listed.stdout).toContain("resourcequota/kindling-learner-quota");
    // A pod that names no resources gets the LimitRange's defaults.
    const defaulted = await asLearner(
      "kubectl run plain --image=busybox -- sleep 1d >/dev/null && kubectl get pod plain -o jsonpath='{.spec.containers[0].resources.limits.memory}'",
    );
    expect(defaulted.stdout).toBe("64Mi");
    const budget = environmentBudget({ workers: 0, addons: [] });
    const engine = await docker();
    const { HostConfig } = await engine.getContainer(environment.workstationId).inspect();
    expect(HostConfig.Memory).toBe(budget.workstation.memoryBytes);
    expect(HostConfig.PidsLimit).toBe(budget.workstation.pids);
    // The home is a 64 MiB memory-backed volume that still holds the image's files.
    const home = await asLearner("df -m --output=size,fstype $HOME | tail -1; ls -a $HOME");
    expect(home.stdout).toMatch(/^\s*64\s+tmpfs/);
    expect(home.stdout).toContain(".bashrc");
  });
});
