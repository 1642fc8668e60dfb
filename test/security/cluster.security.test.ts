// The hostile learner against the cluster: two real environments made the way a session
// makes them (LabEnvironment), attacked from the learner's own workstation with the
// learner's own kubeconfig. Privilege attempts must be refused by RBAC or Pod Security;
// sandbox attempts must meet seccomp; exhaustion attempts must stop at the environment's
// budget while the other environment keeps passing a Check, timed before and during.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeCluster } from "../../runner/src/cluster/cluster-store.ts";
import { CLUSTER_LABEL } from "../../runner/src/cluster/labels.ts";
import { LabEnvironment } from "../../runner/src/environment/lab-environment.ts";
import { environmentTarget } from "../../runner/src/grader/environment-target.ts";
import { gradeStep } from "../../runner/src/grader/grade-step.ts";
import { readAnswerFolder } from "../../runner/src/grader/lab-files.ts";
import { loadLab } from "../../runner/src/lab-format/lab-loader.ts";
import type { LabStep } from "../../runner/src/lab-format/lab-format.ts";
import { docker } from "../../runner/src/util/docker.ts";
import { attempt } from "./attempts.ts";
import {
  applyScript,
  asLearner,
  forbidden,
  pod,
  refusedByPodSecurity,
  said,
} from "./learner-shell.ts";

const ID = process.pid % 10000;
const TARGET = `sec-a-${ID}`;
const NEIGHBOUR = `sec-b-${ID}`;
const LAB = "clusterip-service";
let target: LabEnvironment;
let neighbour: LabEnvironment;
let neighbourStep: LabStep;
let before: { passed: boolean; ms: number };

const learner = (script: string, timeoutMs?: number) => asLearner(target, script, timeoutMs);
const admin = (script: string) =>
  target.cluster.exec(target.cluster.controlPlane.name, ["sh", "-c", script]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One Check of the neighbour's solved step, timed. */
async function neighbourCheck(): Promise<{ passed: boolean; ms: number }> {
  const start = performance.now();
  const result = await gradeStep(environmentTarget(neighbour), neighbourStep);
  return { passed: result.passed, ms: Math.round(performance.now() - start) };
}

const timing = (during: { passed: boolean; ms: number }) =>
  `neighbour Check ${before.passed ? "passed" : "FAILED"} ${(before.ms / 1000).toFixed(1)} s before, ${during.passed ? "passed" : "FAILED"} ${(during.ms / 1000).toFixed(1)} s during`;

/** A pod field read with the target's admin credentials (the attack's outcome, not the attacker's view). */
async function podField(name: string, jsonpath: string): Promise<string> {
  const result = await admin(
    `kubectl --kubeconfig=/etc/kubernetes/admin.conf get pod ${name} -o jsonpath='${jsonpath}'`,
  );
  return result.stdout.trim();
}

async function until(
  what: string,
  probe: () => Promise<boolean>,
  seconds: number,
): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return true;
    await sleep(2000);
  }
  console.warn(`gave up waiting for ${what}`);
  return false;
}

beforeAll(async () => {
  const labsDir = path.resolve("labs");
  const loaded = await loadLab(labsDir, LAB);
  if (!loaded.ok) throw new Error(`${LAB} does not load`);
  [target, neighbour] = await Promise.all([
    LabEnvironment.create({ name: TARGET, workers: 0, addons: [] }),
    LabEnvironment.create({ name: NEIGHBOUR, workers: 0, addons: [] }),
  ]);
  // The neighbour is a learner mid-lab: both steps solved, the second one checked again and again.
  for (const step of loaded.lab.steps.slice(0, 2)) {
    const answer = await readAnswerFolder(path.join(labsDir, LAB), step.solution!);
    const applied = await neighbour.applyAsLearner(answer.manifests);
    expect(applied.exitCode, applied.stderr).toBe(0);
    await asLearner(neighbour, "kubectl rollout status deployment/kubia --timeout=180s", 200_000);
    expect((await gradeStep(environmentTarget(neighbour), step)).passed).toBe(true);
    neighbourStep = step;
  }
  const runs = [await neighbourCheck(), await neighbourCheck(), await neighbourCheck()];
  before = runs.sort((a, b) => a.ms - b.ms)[1]!;
  expect(before.passed).toBe(true);
});

afterAll(async () => {
  // By name: a failed start leaves no handle, but may leave parts.
  await Promise.all([removeCluster(TARGET), removeCluster(NEIGHBOUR)]);
  const engine = await docker();
  for (const name of [TARGET, NEIGHBOUR]) {
    const filter = { label: [`${CLUSTER_LABEL}=${name}`] };
    expect(await engine.listContainers({ all: true, filters: filter })).toEqual([]);
    expect((await engine.listVolumes({ filters: filter })).Volumes ?? []).toEqual([]);
    expect(await engine.listNetworks({ filters: filter })).toEqual([]);
  }
});

const hostile = (name: string, spec: string, container = "") =>
  applyScript(pod(name, "sleep 3600", spec, container));

describe("privilege: the learner's credentials and Pod Security", () => {
  const podSecurityCases: [string, string][] = [
    ["privileged pod", hostile("priv", "", "      securityContext: { privileged: true }")],
    ["hostNetwork pod", hostile("hostnet", "  hostNetwork: true")],
    ["hostPID pod", hostile("hostpid", "  hostPID: true")],
    ["hostIPC pod", hostile("hostipc", "  hostIPC: true")],
    [
      "hostPath mount of /",
      hostile(
        "hostpath",
        "  volumes: [{ name: h, hostPath: { path: / } }]",
        "      volumeMounts: [{ name: h, mountPath: /host }]",
      ),
    ],
    [
      "added capability SYS_ADMIN",
      hostile("sysadmin", "", "      securityContext: { capabilities: { add: [SYS_ADMIN] } }"),
    ],
    [
      "added capability NET_ADMIN",
      hostile("netadmin", "", "      securityContext: { capabilities: { add: [NET_ADMIN] } }"),
    ],
    [
      "seccomp profile Unconfined",
      hostile("unconfined", "  securityContext: { seccompProfile: { type: Unconfined } }"),
    ],
    ["hostPort 80", hostile("hostport", "", "      ports: [{ containerPort: 80, hostPort: 80 }]")],
  ];
  it.each(podSecurityCases)("refuses a %s", async (name, script) => {
    const result = await attempt("privilege", name, "refused by Pod Security", async () => {
      const answer = await learner(script);
      return { observed: said(answer), held: refusedByPodSecurity(answer) };
    });
    expect(result.held, result.observed).toBe(true);
  });

  it("refuses kubectl debug node/…", async () => {
    const node = target.cluster.controlPlane.name;
    const result = await attempt(
      "privilege",
      `kubectl debug node/${node}`,
      "refused by Pod Security",
      async () => {
        const answer = await learner(`kubectl debug node/${node} --image=busybox:latest -- true`);
        return { observed: said(answer), held: refusedByPodSecurity(answer) };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  const node = () => target.cluster.controlPlane.name;
  const rbacCases: [string, () => string][] = [
    ["pod in kube-system", () => "kubectl -n kube-system run x --image=busybox:latest -- sleep 1d"],
    ["exec into etcd", () => `kubectl -n kube-system exec etcd-${node()} -- etcdctl version`],
    ["create a namespace", () => "kubectl create namespace escape"],
    [
      "relabel default to Pod Security privileged",
      () => "kubectl label --overwrite ns default pod-security.kubernetes.io/enforce=privileged",
    ],
    ["delete the namespace's ResourceQuota", () => "kubectl delete resourcequota --all"],
    ["raise the namespace's LimitRange", () => "kubectl delete limitrange --all"],
    [
      "Role granting every verb on everything",
      () =>
        applyScript(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: everything }
rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]`),
    ],
    [
      "RoleBinding to cluster-admin",
      () => "kubectl create rolebinding mine --clusterrole=cluster-admin --user=learner",
    ],
    [
      "ClusterRoleBinding to cluster-admin",
      () => "kubectl create clusterrolebinding mine --clusterrole=cluster-admin --user=learner",
    ],
    ["impersonate system:admin", () => "kubectl get secrets -A --as=system:admin"],
    [
      "impersonate group system:masters",
      () => "kubectl get secrets -A --as=learner --as-group=system:masters",
    ],
    [
      "create a CertificateSigningRequest",
      () =>
        "openssl req -new -newkey rsa:2048 -nodes -keyout /tmp/k.pem -subj '/CN=admin/O=system:masters' 2>/dev/null | base64 -w0 > /tmp/csr.b64 && " +
        applyScript(`apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: { name: mine }
spec:
  request: REQ
  signerName: kubernetes.io/kube-apiserver-client
  usages: [client auth]`)
          .replace("REQ", "$(cat /tmp/csr.b64)")
          .replace("<<'YAML'", "<<YAML"),
    ],
    ...(["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"] as const).map(
      (kind): [string, () => string] => [
        `create a ${kind}`,
        () =>
          applyScript(`apiVersion: admissionregistration.k8s.io/v1
kind: ${kind}
metadata: { name: mine }
webhooks:
  - name: mine.example.com
    admissionReviewVersions: [v1]
    sideEffects: None
    failurePolicy: Ignore
    clientConfig: { url: "https://192.0.2.1/" }
    rules: [{ operations: [CREATE], apiGroups: ["*"], apiVersions: ["*"], resources: ["*"] }]`),
      ],
    ),
    [
      "token for a kube-system ServiceAccount",
      () => "kubectl -n kube-system create token clusterrole-aggregation-controller",
    ],
    ["node proxy", () => `kubectl get --raw /api/v1/nodes/${node()}/proxy/pods`],
    ["read kube-system secrets", () => "kubectl -n kube-system get secrets"],
    ["read secrets of every namespace", () => "kubectl get secrets -A"],
  ];
  it.each(rbacCases)("refuses: %s", async (name, script) => {
    const result = await attempt("privilege", name, "forbidden", async () => {
      const answer = await learner(script());
      return { observed: said(answer), held: forbidden(answer) };
    });
    expect(result.held, result.observed).toBe(true);
  });

  it("refuses the kubelet API on :10250 to the learner's own certificate", async () => {
    const result = await attempt(
      "privilege",
      "kubelet API :10250 with learner cert",
      "401/403",
      async () => {
        const answer = await learner(
          "kubectl config view --raw -o jsonpath='{.users[0].user.client-certificate-data}' | base64 -d > /tmp/l.crt && " +
            "kubectl config view --raw -o jsonpath='{.users[0].user.client-key-data}' | base64 -d > /tmp/l.key && " +
            `for p in pods runningpods/ 'exec/kube-system/etcd-${node()}/etcd?command=id&output=1'; do ` +
            `curl -sk -o /dev/null -w '%{http_code} ' --cert /tmp/l.crt --key /tmp/l.key "https://${node()}:10250/$p"; done; rm -f /tmp/l.key`,
        );
        const codes = answer.stdout.trim().split(/\s+/);
        return {
          observed: `HTTP ${codes.join(", ")}`,
          held: codes.length === 3 && codes.every((c) => c === "401" || c === "403"),
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });
});

/** Runs a learner pod to completion and returns its output. */
async function podOutput(name: string, image: string, command: string): Promise<string> {
  await learner(
    `kubectl run ${name} --image=${image} --restart=Never --command -- sh -c ${JSON.stringify(command)} >/dev/null && ` +
      `for i in $(seq 90); do case $(kubectl get pod ${name} -o jsonpath='{.status.phase}') in Succeeded|Failed) break;; esac; sleep 1; done`,
    120_000,
  );
  const logs = await learner(
    `kubectl logs ${name}; kubectl delete pod ${name} --wait=false >/dev/null`,
  );
  return logs.stdout.trim();
}

describe("sandbox: what a learner pod can do to the kernel", () => {
  it("runs learner pods under a seccomp filter (RuntimeDefault)", async () => {
    const result = await attempt(
      "sandbox",
      "seccomp filter in a learner pod",
      "Seccomp: 2",
      async () => {
        const output = await podOutput(
          "seccomp",
          "busybox:latest",
          "grep -E '^Seccomp:' /proc/self/status",
        );
        return { observed: output, held: /^Seccomp:\s+2$/m.test(output) };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  it("refuses a user namespace in a learner pod (unshare -Ur)", async () => {
    const result = await attempt(
      "sandbox",
      "unshare -Ur id in a learner pod",
      "Operation not permitted",
      async () => {
        const output = await podOutput("userns", "nginx:latest", "unshare -Ur id 2>&1");
        return { observed: output, held: !/uid=0/.test(output) && /not permitted/i.test(output) };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  it("refuses a user namespace in the workstation", async () => {
    const result = await attempt(
      "sandbox",
      "unshare -Ur id in the workstation",
      "Operation not permitted",
      async () => {
        const answer = await learner("unshare -Ur id");
        return {
          observed: said(answer),
          held: answer.exitCode !== 0 && !/uid=0/.test(answer.stdout),
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });
});

describe("exhaustion: one environment's pods against the host and a neighbour", () => {
  it("OOM-kills a memory hog inside its own limit", async () => {
    const result = await attempt(
      "exhaustion",
      "memory hog pod (doubles a string forever)",
      "OOMKilled at its limit; neighbour passes",
      async () => {
        const created = await learner(
          applyScript(
            pod("hog", `awk 'BEGIN { s = "x"; while (1) s = s s }'`).replace(
              "restartPolicy: Never",
              "restartPolicy: Always",
            ),
          ),
        );
        if (created.exitCode !== 0) return { observed: said(created), held: false };
        await sleep(5000);
        const during = await neighbourCheck();
        const killed = await until(
          "the hog to be OOM-killed",
          async () =>
            (await podField(
              "hog",
              "{.status.containerStatuses[0].lastState.terminated.reason}",
            )) === "OOMKilled",
          120,
        );
        const limit = await podField("hog", "{.spec.containers[0].resources.limits.memory}");
        const restarts = await podField("hog", "{.status.containerStatuses[0].restartCount}");
        await learner("kubectl delete pod hog --grace-period=0 --force >/dev/null 2>&1");
        return {
          observed: `${killed ? "OOMKilled" : "not killed"} at limit ${limit}, ${restarts} restarts; ${timing(during)}`,
          held: killed && limit === "64Mi" && during.passed,
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  it("refuses a pod that asks for more memory than one container may have", async () => {
    const result = await attempt(
      "exhaustion",
      "pod asking for 8Gi of memory",
      "refused by the LimitRange",
      async () => {
        const answer = await learner(
          'kubectl run big --image=busybox:latest --restart=Never --overrides=\'{"spec":{"containers":[{"name":"big","image":"busybox:latest","command":["sleep","1d"],"resources":{"limits":{"memory":"8Gi"}}}]}}\'',
        );
        return {
          observed: said(answer),
          held:
            answer.exitCode !== 0 &&
            /maximum memory usage per Container is 256Mi/.test(answer.stderr),
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  it("stops a fork bomb at its pod's PID limit", async () => {
    const result = await attempt(
      "exhaustion",
      "fork bomb pod (forks until refused, restarted)",
      "fork refused within podPidsLimit 512; neighbour passes",
      async () => {
        // Each sleep is a few kilobytes, so the pod's PID limit, not its memory, is what
        // stops it; restarted by the kubelet, it floods again and again.
        const created = await learner(
          applyScript(
            pod("bomb", "while :; do sleep 3600 & done").replace(
              "restartPolicy: Never",
              "restartPolicy: Always",
            ),
          ),
        );
        if (created.exitCode !== 0) return { observed: said(created), held: false };
        const refused = await until(
          "the bomb to be refused a fork",
          async () => /can't fork/.test((await learner("kubectl logs bomb 2>&1 | tail -1")).stdout),
          120,
        );
        const during = await neighbourCheck();
        const uid = (await podField("bomb", "{.metadata.uid}")).replaceAll("-", "_");
        // The pod's own cgroup (the sandbox keeps it between restarts): its limit, the
        // most processes it ever held, and how many forks its own limit refused (forks
        // can be refused a little before the limit: the count is informative only).
        const pids = await admin(
          `for d in $(find /sys/fs/cgroup -maxdepth 6 -type d -name '*pod${uid}.slice'); do [ -f $d/pids.max ] && echo "$(cat $d/pids.max) $(cat $d/pids.peak 2>/dev/null || cat $d/pids.current) $(sed -n 's/^max //p' $d/pids.events)" && break; done`,
        );
        const [max, peak, refusals] = pids.stdout.trim().split(" ").map(Number);
        const api = await learner("kubectl get nodes --no-headers");
        await learner("kubectl delete pod bomb --grace-period=0 --force >/dev/null 2>&1");
        return {
          observed: `"can't fork" ${refused ? "seen" : "not seen"}; pod pids peak ${peak} of ${max}, ${refusals} forks refused; own API ${api.exitCode === 0 ? "answers" : "down"}; ${timing(during)}`,
          held: refused && max === 512 && peak! <= 512 && api.exitCode === 0 && during.passed,
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  it("evicts a disk filler at its ephemeral-storage limit", async () => {
    const result = await attempt(
      "exhaustion",
      "disk filler pod (1 GiB into an emptyDir)",
      "evicted at 512Mi; neighbour passes",
      async () => {
        const created = await learner(
          applyScript(
            pod(
              "filler",
              "dd if=/dev/zero of=/data/fill bs=1M count=1024; sleep 3600",
              "  volumes: [{ name: data, emptyDir: {} }]",
              "      volumeMounts: [{ name: data, mountPath: /data }]",
            ),
          ),
        );
        if (created.exitCode !== 0) return { observed: said(created), held: false };
        await sleep(5000);
        const during = await neighbourCheck();
        const evicted = await until(
          "the filler to be evicted",
          async () => (await podField("filler", "{.status.reason}")) === "Evicted",
          240,
        );
        const message = await podField("filler", "{.status.message}");
        await learner("kubectl delete pod filler --grace-period=0 --force >/dev/null 2>&1");
        return {
          observed: `${evicted ? "Evicted" : "still running"}: ${message.slice(0, 80)}; ${timing(during)}`,
          held: evicted && during.passed,
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  it("bounds the workstation's home", async () => {
    const result = await attempt(
      "exhaustion",
      "fill the workstation home (200 MiB)",
      "no space left at 64 MiB",
      async () => {
        const answer = await learner(
          "dd if=/dev/zero of=$HOME/fill bs=1M count=200 2>&1; ls -s --block-size=M $HOME/fill; rm -f $HOME/fill; ls $HOME/.kube/config",
        );
        return {
          observed: said(answer).slice(0, 120),
          held: /No space left on device/.test(answer.stdout) && answer.exitCode === 0,
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  it("refuses ten thousand ConfigMaps at the quota", async () => {
    const result = await attempt(
      "exhaustion",
      "10000 ConfigMaps, as fast as kubectl goes",
      "refused by the quota; neighbour passes",
      async () => {
        const flood = learner(
          'n=0; for i in $(seq 1 10000); do if out=$(kubectl create configmap flood-$i --from-literal=k=v 2>&1); then n=$((n+1)); else echo "refused: $out"; break; fi; done; echo "accepted=$n"',
          600_000,
        );
        await sleep(3000);
        const during = await neighbourCheck();
        const answer = await flood;
        const accepted = Number(/accepted=(\d+)/.exec(answer.stdout)?.[1] ?? "-1");
        const refusal = /refused: (.*)/.exec(answer.stdout)?.[1] ?? "";
        return {
          observed: `${accepted} accepted, then "${refusal.slice(0, 60)}"; ${timing(during)}`,
          held: accepted >= 0 && accepted < 100 && /exceeded quota/.test(refusal) && during.passed,
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });
});
