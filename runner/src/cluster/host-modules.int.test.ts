import { existsSync } from "node:fs";
import { rename } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildImages } from "../images/image-builder.ts";
import { docker } from "../util/docker.ts";
import { KindCluster } from "./kind-cluster.ts";
import { HOST_MODULES } from "./node-container.ts";
import { podOutput, retried } from "./pod-output.testing.ts";
import type { StartedKindCluster } from "./started-kind-cluster.ts";

// Many hosts have no /lib/modules (a kernel that is not the distribution's), and a node
// container must start there too. On a host that has the folder, the test moves it aside
// for the length of the cluster's creation and puts it back afterwards.
const NAME = `nomods-${process.pid % 10000}`;
const ASIDE = `${HOST_MODULES}.kindling-test-aside`;
let cluster: StartedKindCluster | undefined;
let movedAside = false;

async function restoreModules(): Promise<void> {
  if (movedAside && !existsSync(HOST_MODULES)) await rename(ASIDE, HOST_MODULES);
  movedAside = false;
}

beforeAll(async () => {
  await buildImages();
  if (existsSync(HOST_MODULES)) {
    await rename(HOST_MODULES, ASIDE);
    movedAside = true;
  }
  try {
    cluster = await new KindCluster(NAME).start();
  } finally {
    await restoreModules();
  }
});

afterAll(async () => {
  await restoreModules();
  await cluster?.delete();
});

describe("a host without /lib/modules", () => {
  it("starts a node without the host's modules, and its pod network and Services work", async () => {
    const started = cluster!;
    const node = await (await docker()).getContainer(started.controlPlane.id).inspect();
    expect(node.Mounts.map((m) => m.Destination)).not.toContain("/lib/modules");

    const ready = await started.kubectl([
      "wait",
      "--for=condition=Ready",
      "node",
      "--all",
      "--timeout=120s",
    ]);
    expect(ready).toContain("condition met");
    // kube-proxy and the CNI daemon both mount /lib/modules from the node.
    await started.kubectl([
      "-n",
      "kube-system",
      "rollout",
      "status",
      "daemonset/kube-proxy",
      "daemonset/kindnet",
      "--timeout=120s",
    ]);
    await started.kubectl(["create", "deployment", "web", "--image=nginx", "--port=80"]);
    await started.kubectl(["expose", "deployment", "web", "--port=80"]);
    await started.kubectl(["rollout", "status", "deployment/web", "--timeout=120s"]);
    const page = await podOutput(started, "probe", retried("timeout 5 wget -qO- http://web"));
    expect(page).toContain("nginx");
  });

  it("leaves the host's modules folder as it found it", () => {
    expect(existsSync(ASIDE)).toBe(false);
    expect(movedAside).toBe(false);
  });
});
