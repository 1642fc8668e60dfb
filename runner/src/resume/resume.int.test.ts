import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LabEnvironment } from "../environment/lab-environment.ts";
import type { WorkSnapshot } from "../protocol/resume-api.ts";
import { restoreSnapshot } from "./restore-snapshot.ts";
import { takeSnapshot } from "./take-snapshot.ts";

// Snapshot → restore on a real cluster: a learner's objects (a Deployment, a NodePort
// Service, a Service with a nodePort of their choosing, hand-made Endpoints, a ConfigMap)
// and a file in their home are kept; the namespace and the file are then wiped as a fresh
// environment would have them, the snapshot put back, and a second snapshot must hold the
// same objects and files. The cluster's own objects (ReplicaSets, Pods, EndpointSlices,
// allocated IPs and ports) must stay out of both.
const NAME = `resume-${process.pid % 10000}`;
let environment: LabEnvironment;
let first: WorkSnapshot;

const asLearner = (script: string) =>
  environment.workstationExec(["bash", "-c", script], { timeoutMs: 120_000 });

const kinds = (s: WorkSnapshot) =>
  s.objects.map((o) => `${String(o.kind)}/${String((o.metadata as { name: string }).name)}`);

beforeAll(async () => {
  environment = await LabEnvironment.create({ name: NAME, workers: 0, addons: [] });
});

afterAll(async () => {
  await environment?.destroy();
});

describe("keeping a learner's work", () => {
  it("keeps the learner's objects and files, not what the cluster made", async () => {
    const made = await asLearner(
      [
        "kubectl create deployment kubia --image=kindling/kubia:v1 --replicas=2",
        "kubectl expose deployment kubia --type=NodePort --port=80 --target-port=8080",
        "kubectl create configmap settings --from-literal=greeting=hello",
        "kubectl apply -f - <<'YAML'",
        "apiVersion: v1",
        "kind: Service",
        "metadata: { name: pinned }",
        "spec:",
        "  type: NodePort",
        "  selector: { app: kubia }",
        "  ports: [{ port: 80, targetPort: 8080, nodePort: 30777 }]",
        "---",
        "apiVersion: v1",
        "kind: Service",
        "metadata: { name: outside }",
        "spec: { ports: [{ port: 80 }] }",
        "---",
        "apiVersion: v1",
        "kind: Endpoints",
        "metadata: { name: outside }",
        "subsets: [{ addresses: [{ ip: 192.0.2.10 }], ports: [{ port: 80 }] }]",
        "YAML",
        "mkdir -p manifests && printf 'kind: Service\\n' > manifests/svc.yaml && echo 'my notes' > 'notes.txt'",
        "kubectl rollout status deployment/kubia --timeout=180s",
      ].join("\n"),
    );
    expect(made.stderr).not.toMatch(/error|forbidden/i);
    expect(made.exitCode).toBe(0);

    first = await takeSnapshot(environment);
    expect(kinds(first).sort()).toEqual([
      "ConfigMap/settings",
      "Deployment/kubia",
      "Endpoints/outside",
      "Service/kubia",
      "Service/outside",
      "Service/pinned",
    ]);
    const byName = (name: string) =>
      first.objects.find(
        (o) => o.kind === "Service" && (o.metadata as { name: string }).name === name,
      ) as { spec: { clusterIP?: string; ports: { nodePort?: number }[] } };
    // Allocated by the cluster: left for the fresh one to allocate.
    expect(byName("kubia").spec.clusterIP).toBeUndefined();
    expect(byName("kubia").spec.ports[0]!.nodePort).toBeUndefined();
    // Chosen by the learner: kept.
    expect(byName("pinned").spec.ports[0]!.nodePort).toBe(30777);
    expect(first.home.files).toEqual(["manifests/svc.yaml", "notes.txt"]);
    expect(first.home.archive.length).toBeGreaterThan(0);
  });

  it("puts them back into an emptied namespace as the learner, and keeps the same again", async () => {
    const wiped = await asLearner(
      "kubectl delete deployment,service,configmap,endpoints --all --wait=true >/dev/null 2>&1; " +
        "rm -rf manifests notes.txt; kubectl get deployment,configmap settings -o name 2>&1; ls",
    );
    expect(wiped.stdout).not.toContain("notes.txt");

    const report = await restoreSnapshot(environment, first);
    expect(report.refused).toEqual([]);
    expect(report.applied).toHaveLength(first.objects.length);
    expect(report.files).toBe(2);

    const again = await takeSnapshot(environment);
    expect(kinds(again)).toEqual(kinds(first));
    expect(again.objects).toEqual(first.objects);
    expect(again.home.files).toEqual(first.home.files);
    const read = await asLearner(
      "cat notes.txt && kubectl get deployment kubia -o jsonpath='{.status.availableReplicas}'",
    );
    expect(read.stdout).toBe("my notes\n2");
  });

  it("reports an object the cluster refuses and puts back the rest", async () => {
    const clash = {
      ...first,
      objects: [
        ...first.objects,
        {
          apiVersion: "v1",
          kind: "Service",
          metadata: { name: "clash", namespace: "default" },
          spec: { type: "NodePort", ports: [{ port: 80, nodePort: 30777 }] },
        },
      ],
    };
    const report = await restoreSnapshot(environment, clash);
    expect(report.applied).toHaveLength(first.objects.length);
    expect(report.refused).toEqual([
      { object: "Service/clash", reason: expect.stringMatching(/30777.*already allocated/) },
    ]);
  });
});
