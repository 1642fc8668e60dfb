// The hostile learner's network attempts, from the workstation and from a pod, against
// targets this test makes on this machine (test/support/network-targets.ts): the host's
// services, a second learner's environment, a link-local address and an "outside" address.
// Each must be refused or time out; the learner's own cluster must keep working.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kindlingNetworks } from "../../runner/src/cluster/network-fence.ts";
import { CLUSTER_LABEL } from "../../runner/src/cluster/labels.ts";
import { LabEnvironment } from "../../runner/src/environment/lab-environment.ts";
import { buildImages } from "../../runner/src/images/image-builder.ts";
import { loadVersions } from "../../runner/src/images/versions.ts";
import { docker } from "../../runner/src/util/docker.ts";
import { runOrThrow } from "../../runner/src/util/run.ts";
import {
  HOST_ANSWER,
  hostAddresses,
  OUTSIDE_ANSWER,
  type StartedNetworkTargets,
  startNetworkTargets,
} from "../support/network-targets.ts";
import { attempt } from "./attempts.ts";

const id = process.pid % 10000;
const [A, B] = [`neta-${id}`, `netb-${id}`];
const NODE_PORT = 30080;
let learner: LabEnvironment;
let neighbour: LabEnvironment;
let targets: StartedNetworkTargets;
let bridges: string[] = [];
let gateway = "";
let neighbourNode = "";

const workloads = (lb: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
      containers:
        - name: web
          image: kindling/kubia:${loadVersions().kubia}
          ports: [{ containerPort: 8080 }]
          resources: { requests: { cpu: 10m, memory: 16Mi }, limits: { cpu: 200m, memory: 64Mi } }
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  type: NodePort
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080, nodePort: ${NODE_PORT} }]
${
  lb
    ? `---
apiVersion: v1
kind: Service
metadata: { name: web-lb }
spec:
  type: LoadBalancer
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: v1
kind: Pod
metadata: { name: probe }
spec:
  securityContext: { runAsNonRoot: true, runAsUser: 100, seccompProfile: { type: RuntimeDefault } }
  containers:
    - name: probe
      image: curlimages/curl:latest
      command: [sleep, "3600"]
      resources: { requests: { cpu: 10m, memory: 16Mi }, limits: { cpu: 200m, memory: 64Mi } }
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }`
    : ""
}`;

type Where = "workstation" | "pod";

/** One curl per URL, in one shell, as the learner; each line is "<url> <http code> <curl exit>". */
async function curlAll(env: LabEnvironment, where: Where, urls: string[]) {
  const script = urls
    .map(
      (u) =>
        `printf '%s ' '${u}'; curl -sk -o /dev/null -w '%{http_code} ' --max-time 3 '${u}'; echo $?`,
    )
    .join("; ");
  const command =
    where === "pod" ? ["kubectl", "exec", "probe", "--", "sh", "-c", script] : ["sh", "-c", script];
  const result = await env.workstationExec(command, { timeoutMs: 30_000 + urls.length * 4_000 });
  const lines = result.stdout.trim().split("\n").filter(Boolean);
  if (lines.length !== urls.length)
    throw new Error(
      `expected ${urls.length} answers from the ${where}, got: ${result.stdout}${result.stderr}`,
    );
  return lines.map((line) => {
    const [url = "", code = "", exit = ""] = line.split(" ");
    return { url, code, exit: Number(exit) };
  });
}

/** The probe's first defined answer within a minute, or undefined. */
async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

const outcome = (exit: number, code: string) =>
  exit === 0
    ? `answered HTTP ${code}`
    : exit === 7
      ? "refused"
      : exit === 28
        ? "timed out"
        : `curl exit ${exit}`;

/** Held when no URL answered; observed names each distinct outcome. */
async function attack(where: Where, urls: string[]) {
  const results = await curlAll(learner, where, urls);
  const answered = results.filter((r) => r.exit === 0);
  const kinds = [...new Set(results.map((r) => outcome(r.exit, r.code)))];
  const observed =
    answered.length > 0
      ? `ANSWERED at ${answered.map((r) => r.url).join(", ")}`
      : `${kinds.join(", ")}${urls.length > 1 ? ` (${urls.length} addresses)` : ""}`;
  return { observed, held: answered.length === 0 };
}

beforeAll(async () => {
  await buildImages();
  targets = await startNetworkTargets(id);
  // One at a time: two cores build one cluster at a useful speed, not two. MetalLB announces
  // from workers only (kubeadm marks the control plane exclude-from-external-load-balancers).
  learner = await LabEnvironment.create({ name: A, workers: 1, addons: ["loadbalancer"] });
  neighbour = await LabEnvironment.create({ name: B, workers: 0, addons: [] });
  bridges = (await kindlingNetworks())
    .filter((n) => [learner.cluster.network, neighbour.cluster.network].includes(n.name))
    .map((n) => n.bridge);
  for (const [env, lb] of [
    [learner, true],
    [neighbour, false],
  ] as const) {
    const applied = await env.applyAsLearner([{ name: "workloads.yaml", content: workloads(lb) }]);
    if (applied.exitCode !== 0) throw new Error(`applying workloads: ${applied.stderr}`);
    const ready = await env.workstationExec(
      ["kubectl", "wait", "--for=condition=Ready", "pod", "--all", "--timeout=180s"],
      { timeoutMs: 200_000 },
    );
    if (ready.exitCode !== 0) throw new Error(`pods never became Ready: ${ready.stderr}`);
  }
  gateway = (
    await learner.workstationExec(["sh", "-c", "ip -4 route show default | cut -d' ' -f3"])
  ).stdout.trim();
  neighbourNode = neighbour.cluster.controlPlane.ip;
});

afterAll(async () => {
  await learner?.destroy();
  await neighbour?.destroy();
  await targets?.[Symbol.asyncDispose]();
  const engine = await docker();
  for (const name of [A, B]) {
    const filter = { label: [`${CLUSTER_LABEL}=${name}`] };
    expect(await engine.listContainers({ all: true, filters: filter })).toEqual([]);
    expect(await engine.listNetworks({ filters: filter })).toEqual([]);
  }
  const rules = `${(await runOrThrow("iptables", ["-S"])).stdout}${(await runOrThrow("ip6tables", ["-S"])).stdout}`;
  for (const bridge of bridges) expect(rules).not.toContain(bridge);
  // With the last Kindling network gone, so are the fence's chains and jumps.
  expect(rules.includes("KINDLING-FENCE")).toBe((await kindlingNetworks()).length > 0);
  const links = (await runOrThrow("ip", ["-o", "link"])).stdout;
  expect(links).not.toMatch(new RegExp(`kl-oh-${id % 64}[:@]`));
  expect((await runOrThrow("ip", ["netns", "list"])).stdout).not.toContain(`kl-out-${id % 64}`);
});

describe("the test's own targets answer a container with no fence", () => {
  it("the host service through a gateway, the link-local address and the outside address", async () => {
    const host = await targets.curlUnfenced(`http://${targets.controlGateway}:${targets.port}/`);
    expect(host.output.trim()).toBe(HOST_ANSWER);
    const linkLocal = await targets.curlUnfenced(
      `http://${targets.linkLocal}:${targets.outsidePort}/`,
    );
    expect(linkLocal.output.trim()).toBe(OUTSIDE_ANSWER);
    const outside = await targets.curlUnfenced(`http://${targets.outside}:${targets.outsidePort}/`);
    expect(outside.output.trim()).toBe(OUTSIDE_ANSWER);
  });

  it("the neighbour's API server and NodePort, from the neighbour's own workstation", async () => {
    // Ready pods come a moment before kube-proxy opens the NodePort; the attacks on it that
    // follow mean something only once it answers its own environment.
    const own = await eventually(async () => {
      const answers = await curlAll(neighbour, "workstation", [
        `https://${neighbourNode}:6443/version`,
        `http://${neighbourNode}:${NODE_PORT}/`,
      ]);
      return answers.every((r) => r.exit === 0) ? answers : undefined;
    });
    expect(own?.map((r) => r.exit)).toEqual([0, 0]);
  });
});

describe("the learner's own cluster keeps working behind the fence", () => {
  it("pulled a fresh :latest image through the mirror for the pod", async () => {
    const events = await learner.workstationExec([
      "kubectl",
      "get",
      "events",
      "--field-selector",
      "involvedObject.name=probe,reason=Pulled",
      "-o",
      "jsonpath={.items[*].message}",
    ]);
    expect(events.stdout).toMatch(/Successfully pulled image "curlimages\/curl:latest"/);
  });

  it.each(["workstation", "pod"] as const)("answers its NodePort from the %s", async (where) => {
    const [result] = await curlAll(learner, where, [
      `http://${learner.cluster.controlPlane.ip}:${NODE_PORT}/`,
    ]);
    expect(result?.exit).toBe(0);
  });

  it.each(["workstation", "pod"] as const)(
    "answers its LoadBalancer IP from the %s",
    async (where) => {
      // MetalLB assigns the address first and announces it on the network a moment later.
      const answered = await eventually(async () => {
        const ip = (
          await learner.workstationExec([
            "kubectl",
            "get",
            "svc",
            "web-lb",
            "-o",
            "jsonpath={.status.loadBalancer.ingress[0].ip}",
          ])
        ).stdout.trim();
        if (!ip) return undefined;
        const [result] = await curlAll(learner, where, [`http://${ip}/`]);
        return result?.exit === 0 ? ip : undefined;
      });
      expect(answered).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    },
  );

  it("resolves and answers a Service by its DNS name from a pod", async () => {
    const [result] = await curlAll(learner, "pod", ["http://web.default.svc.cluster.local/"]);
    expect(result?.exit).toBe(0);
  });
});

const EXPECTED = "refused or timed out";
const attacks: { name: string; urls: () => string[] }[] = [
  {
    name: "host service via the bridge gateway",
    urls: () => [`http://${gateway}:${targets.port}/`],
  },
  {
    name: "host service via other host addresses",
    urls: () => hostAddresses([gateway]).map((a) => `http://${a}:${targets.port}/`),
  },
  {
    name: "other env's API server (node:6443)",
    urls: () => [`https://${neighbourNode}:6443/version`],
  },
  {
    name: "other env's NodePort",
    urls: () => [`http://${neighbourNode}:${NODE_PORT}/`],
  },
  {
    name: "a link-local address (169.254/16)",
    urls: () => [`http://${targets.linkLocal}:${targets.outsidePort}/`],
  },
  {
    name: "a test-made outside address",
    urls: () => [`http://${targets.outside}:${targets.outsidePort}/`],
  },
];

describe.each(["workstation", "pod"] as const)("a hostile learner's %s", (where) => {
  it.each(attacks)("cannot reach the $name", async ({ name, urls }) => {
    const result = await attempt("network", `${where}: ${name}`, EXPECTED, () =>
      attack(where, urls()),
    );
    expect(result.observed).not.toMatch(/^error/);
    expect(result.held, result.observed).toBe(true);
  });
});
