import { GenericContainer, type StartedTestContainer } from "testcontainers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imageName } from "../images/catalogue.ts";
import { buildImages } from "../images/image-builder.ts";
import { loadVersions } from "../images/versions.ts";
import { docker } from "../util/docker.ts";
import { listClusters } from "./cluster-store.ts";
import { environmentBudget } from "./environment-budget.ts";
import { KindCluster } from "./kind-cluster.ts";
import { CLUSTER_LABEL, clusterLabels, containerName } from "./labels.ts";
import { execOrThrow } from "./node-exec.ts";
import { COMPONENT_GOGC, COREDNS_REPLICAS } from "./node-memory.ts";
import { podOutput, retried } from "./pod-output.testing.ts";
import type { StartedKindCluster } from "./started-kind-cluster.ts";

// One real cluster (1 control plane + 2 workers, MetalLB and Traefik) from the offline
// images, probed the way a learner would: from a pod, and from a workstation container
// on the cluster's Docker network, outside the nodes.
const NAME = `it-${process.pid % 10000}`;
let cluster: StartedKindCluster;
let workstation: StartedTestContainer;

const manifests = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: kubia }
spec:
  replicas: 3
  selector: { matchLabels: { app: kubia } }
  template:
    metadata: { labels: { app: kubia } }
    spec:
      containers: [{ name: kubia, image: kindling/kubia:${loadVersions().kubia}, ports: [{ containerPort: 8080 }] }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: other }
spec:
  replicas: 1
  selector: { matchLabels: { app: other } }
  template:
    metadata: { labels: { app: other } }
    spec:
      containers: [{ name: other, image: kindling/kubia:${loadVersions().kubia}, ports: [{ containerPort: 8080 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: kubia }
spec:
  selector: { app: kubia }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: other }
spec:
  selector: { app: other }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: kubia-nodeport }
spec:
  type: NodePort
  selector: { app: kubia }
  ports: [{ port: 80, targetPort: 8080, nodePort: 30123 }]
---
apiVersion: v1
kind: Service
metadata: { name: kubia-sticky }
spec:
  type: NodePort
  sessionAffinity: ClientIP
  selector: { app: kubia }
  ports: [{ port: 80, targetPort: 8080, nodePort: 30124 }]
---
apiVersion: v1
kind: Service
metadata: { name: kubia-lb }
spec:
  type: LoadBalancer
  selector: { app: kubia }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: kubia }
spec:
  rules:
    - host: kubia.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: kubia, port: { number: 80 } } } }
    - host: shop.example.com
      http:
        paths:
          - { path: /other, pathType: Prefix, backend: { service: { name: other, port: { number: 80 } } } }
          - { path: /, pathType: Prefix, backend: { service: { name: kubia, port: { number: 80 } } } }
`;

/** One HTTP request per call, on a fresh connection, from the workstation. */
async function curl(args: string[]): Promise<string> {
  const result = await workstation.exec(["curl", "-sS", "--max-time", "5", ...args]);
  if (result.exitCode !== 0) throw new Error(`curl ${args.join(" ")} failed: ${result.output}`);
  return result.output.trim();
}

async function backends(url: string, times: number, extra: string[] = []): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < times; i += 1) answers.push(await curl([...extra, url]));
  return answers;
}

const hostOf = (answer: string) => answer.replace(/^You've hit /, "");

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  seconds = 120,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

beforeAll(async () => {
  await buildImages();
  cluster = await new KindCluster(NAME)
    .withWorkers(2)
    .withAddons(["loadbalancer", "ingress"])
    .start();
  const workstationImage = imageName("workstation");
  workstation = await new GenericContainer(workstationImage)
    .withNetworkMode(cluster.network)
    .withLabels(clusterLabels(NAME, "workstation"))
    .start();
  await cluster.apply(manifests, "test workloads");
  await cluster.kubectl([
    "rollout",
    "status",
    "deployment/kubia",
    "deployment/other",
    "--timeout=180s",
  ]);
});

afterAll(async () => {
  await cluster?.delete();
  const engine = await docker();
  const filter = { label: [`${CLUSTER_LABEL}=${NAME}`] };
  expect(await engine.listContainers({ all: true, filters: filter })).toEqual([]);
  expect((await engine.listVolumes({ filters: filter })).Volumes ?? []).toEqual([]);
  expect(await engine.listNetworks({ filters: filter })).toEqual([]);
});

describe("a cluster from the offline images", () => {
  it("has one control plane and two workers, all Ready", async () => {
    const nodes = JSON.parse(await cluster.kubectl(["get", "nodes", "-o", "json"])) as {
      items: {
        metadata: { name: string };
        status: { conditions: { type: string; status: string }[] };
      }[];
    };
    expect(nodes.items.map((n) => n.metadata.name).sort()).toEqual(
      [`${NAME}-control-plane`, `${NAME}-worker`, `${NAME}-worker2`].sort(),
    );
    for (const node of nodes.items) {
      expect(node.status.conditions.find((c) => c.type === "Ready")?.status).toBe("True");
    }
    expect((await listClusters()).find((c) => c.name === NAME)?.nodes).toHaveLength(3);
  });

  it("resolves a Service name with CoreDNS from a pod", async () => {
    const clusterIp = (
      await cluster.kubectl(["get", "svc", "kubia", "-o", "jsonpath={.spec.clusterIP}"])
    ).trim();
    const output = await podOutput(
      cluster,
      "dns-probe",
      retried("nslookup kubia.default.svc.cluster.local"),
    );
    expect(clusterIp).toMatch(/^10\.96\./);
    expect(output).toContain(clusterIp);
  });

  it("runs its system parts small: one CoreDNS replica, Go collecting sooner", async () => {
    const replicas = await cluster.kubectl([
      "-n",
      "kube-system",
      "get",
      "deployment/coredns",
      "-o",
      "jsonpath={.status.readyReplicas}",
    ]);
    expect(replicas).toBe(String(COREDNS_REPLICAS));
    const controlPlane = (await docker()).getContainer(containerName(`${NAME}-control-plane`));
    for (const component of ["kube-apiserver", "etcd", "kubelet"]) {
      const environ = await execOrThrow(
        controlPlane,
        ["sh", "-c", `tr '\\0' '\\n' < /proc/$(pgrep -x ${component})/environ`],
        `${component}'s environment`,
      );
      expect(environ.split("\n"), component).toContain(`GOGC=${COMPONENT_GOGC}`);
    }
  });

  it("answers a NodePort on every node's IP, from more than one pod", async () => {
    const answered = new Set<string>();
    for (const node of cluster.nodes) {
      const answers = await backends(`http://${node.ip}:30123/`, 10);
      for (const a of answers) expect(a).toMatch(/^You've hit kubia-/);
      answers.forEach((a) => answered.add(hostOf(a)));
    }
    expect(answered.size).toBeGreaterThanOrEqual(2);
  });

  it("keeps every answer on one pod with sessionAffinity ClientIP", async () => {
    const answers = await backends(`http://${cluster.nodes[1]!.ip}:30124/`, 15);
    expect(new Set(answers).size).toBe(1);
  });

  it("gives a LoadBalancer Service an external IP that answers from the workstation", async () => {
    const ip = await until("an external IP", async () => {
      const value = (
        await cluster.kubectl([
          "get",
          "svc",
          "kubia-lb",
          "-o",
          "jsonpath={.status.loadBalancer.ingress[0].ip}",
        ])
      ).trim();
      return value || undefined;
    });
    const answer = await until("the load balancer to answer", () => curl([`http://${ip}/`]), 60);
    expect(answer).toMatch(/^You've hit kubia-/);
  });

  it("routes an Ingress by host and by path", async () => {
    const node = cluster.nodes[2]!.ip;
    const byHost = await until(
      "the Ingress to route",
      () => curl(["-H", "Host: kubia.example.com", `http://${node}/`]),
      90,
    );
    expect(byHost).toMatch(/^You've hit kubia-/);
    expect(await curl(["-H", "Host: shop.example.com", `http://${node}/other/page`])).toMatch(
      /^You've hit other-/,
    );
    expect(await curl(["-H", "Host: shop.example.com", `http://${node}/`])).toMatch(
      /^You've hit kubia-/,
    );
    const unknownHost = await curl([
      "-o",
      "/dev/null",
      "-w",
      "%{http_code}",
      "-H",
      "Host: nobody.example.com",
      `http://${node}/`,
    ]);
    expect(unknownHost).toBe("404");
  });

  it("runs every node inside its share of the environment's budget", async () => {
    const budget = environmentBudget({ workers: 2, addons: ["loadbalancer", "ingress"] });
    const engine = await docker();
    for (const node of cluster.nodes) {
      const expected = node.role === "control-plane" ? budget.controlPlane : budget.worker;
      const { HostConfig } = await engine.getContainer(node.id).inspect();
      expect(HostConfig.Memory).toBe(expected.memoryBytes);
      expect(HostConfig.MemorySwap).toBe(expected.memoryBytes);
      expect(HostConfig.NanoCpus).toBe(Math.round(expected.cpus * 1e9));
      expect(HostConfig.PidsLimit).toBe(expected.pids);
    }
    // The kubelet keeps its pods to the node's pod share, minus the eviction threshold
    // (to within the MiB that system-reserved is rounded to).
    const allocatable = (
      await cluster.kubectl([
        "get",
        "node",
        `${NAME}-worker`,
        "-o",
        "jsonpath={.status.allocatable.memory}",
      ])
    ).trim();
    const kept = Number(allocatable.replace(/Ki$/, "")) * 1024;
    const expected = budget.worker.podMemoryBytes - 100 * 2 ** 20;
    expect(Math.abs(kept - expected)).toBeLessThan(2 ** 20);
  });
});
