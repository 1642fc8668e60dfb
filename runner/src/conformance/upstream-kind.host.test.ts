import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imageName, nodeImageName } from "../images/catalogue.ts";
import { buildImages } from "../images/image-builder.ts";
import { loadVersions } from "../images/versions.ts";
import { run } from "../util/run.ts";
import {
  createKindCluster,
  kindBinary,
  KindHostTidy,
  kindKubectl,
  kindLoad,
} from "./upstream-kind.ts";

// kind, built from its Go module, makes both topologies a kind user would from Kindling's
// node image, and the clusters work: every node Ready, the image's CNI carrying Service
// traffic across nodes, its StorageClass binding a claim. kubectl runs inside the control
// plane (the host needs none). Each creation's time is printed beside the topology.
const NETWORK = `kindling-kind-test-${process.pid % 10000}`;
let binary = "";
let tidy: KindHostTidy | undefined;
const image = nodeImageName(loadVersions(), "offline");
const KUBIA = imageName("kubia");
const BUSYBOX = imageName("busybox");

beforeAll(async () => {
  await buildImages();
  binary = await kindBinary();
  tidy = new KindHostTidy(binary, NETWORK);
});

afterAll(async () => {
  await tidy?.finish();
});

/** kubia behind a Service, its pods spread over the nodes, and a client's 60 answers. */
async function serviceAnswers(cluster: string, replicas: number): Promise<string[]> {
  await kindLoad(binary, cluster, [KUBIA, BUSYBOX]);
  await kindKubectl(
    cluster,
    ["apply", "-f", "-"],
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: kubia }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: kubia } }
  template:
    metadata: { labels: { app: kubia } }
    spec:
      topologySpreadConstraints:
        - { maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: { matchLabels: { app: kubia } } }
      containers:
        - { name: kubia, image: "${KUBIA}", imagePullPolicy: Never, ports: [{ containerPort: 8080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: kubia }
spec:
  selector: { app: kubia }
  ports: [{ port: 80, targetPort: 8080 }]
`,
  );
  await kindKubectl(cluster, ["rollout", "status", "deployment/kubia", "--timeout=120s"]);
  await kindKubectl(cluster, [
    "run",
    "client",
    `--image=${BUSYBOX}`,
    "--image-pull-policy=Never",
    "--restart=Never",
    "--command",
    "--",
    "sh",
    "-c",
    // Spread over 30 s: kube-proxy picks up the last pod's endpoint a moment after it is
    // Ready, and a burst of requests in that moment would all go to the first.
    "for i in $(seq 1 60); do wget -qO- http://kubia.default.svc.cluster.local/; sleep 0.5; done",
  ]);
  await kindKubectl(cluster, [
    "wait",
    "--for=jsonpath={.status.phase}=Succeeded",
    "pod/client",
    "--timeout=120s",
  ]);
  const { stdout } = await kindKubectl(cluster, ["logs", "client"]);
  return stdout.trim().split("\n");
}

describe("kind accepts Kindling's node image", () => {
  it.each([
    { workers: 0, name: "kindling-kind-w0", topology: "a control plane alone" },
    { workers: 2, name: "kindling-kind-w2", topology: "a control plane and two workers" },
  ])("kind create cluster makes $topology, and it works", async ({ workers, name }) => {
    // A cluster left by an interrupted run would make kind refuse the name.
    await run(binary, ["delete", "cluster", `--name=${name}`]);
    const created = await createKindCluster(binary, { name, workers, image, network: NETWORK });
    try {
      console.log(
        `kind create cluster, 1 control plane + ${workers} worker(s): ${created.seconds.toFixed(1)} s`,
      );
      // kind's --wait covers the control plane; workers join on their own soon after.
      await kindKubectl(name, ["wait", "--for=condition=Ready", "node", "--all", "--timeout=180s"]);
      const nodes = await kindKubectl(name, [
        "get",
        "nodes",
        "-o",
        `jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}`,
      ]);
      const lines = nodes.stdout.trim().split("\n");
      expect(lines).toHaveLength(1 + workers);
      for (const line of lines) expect(line).toMatch(/ True$/);

      // The image's own StorageClass is the default, and the claim of a pod that uses it binds.
      const classes = await kindKubectl(name, ["get", "storageclass", "-o", "name"]);
      expect(classes.stdout).toContain("storageclass.storage.k8s.io/standard");
      await kindKubectl(
        name,
        ["apply", "-f", "-"],
        `apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 16Mi } }
`,
      );
      await kindKubectl(name, [
        "wait",
        "--for=jsonpath={.status.phase}=Bound",
        "pvc/data",
        "--timeout=60s",
      ]);

      // Across nodes when there are workers (one pod on each): the Service spreads over both.
      const replicas = Math.max(2, workers);
      const answers = await serviceAnswers(name, replicas);
      expect(answers.length).toBe(60);
      for (const answer of answers) expect(answer).toMatch(/^You've hit kubia-/);
      expect(new Set(answers).size).toBe(replicas);
    } finally {
      await tidy!.deleteCluster(name);
    }
  });
});
