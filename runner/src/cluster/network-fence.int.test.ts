import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { GenericContainer, type StartedTestContainer } from "testcontainers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HOST_ANSWER,
  type StartedNetworkTargets,
  startNetworkTargets,
} from "../../../test/support/network-targets.ts";
import { imageName } from "../images/catalogue.ts";
import { buildImages } from "../images/image-builder.ts";
import { runnerConfigFromEnv, startRunnerServer } from "../server.ts";
import { run, runOrThrow } from "../util/run.ts";
import { FENCE_CHAINS, type FencedNetwork } from "./fence-rules.ts";
import { IptablesNetworkFence } from "./iptables-network-fence.ts";
import { KindCluster } from "./kind-cluster.ts";
import { clusterLabels } from "./labels.ts";
import { kindlingNetworks, syncNetworkFence } from "./network-fence.ts";
import type { StartedKindCluster } from "./started-kind-cluster.ts";

// The fence's lifecycle on a real cluster: installed with the network, keeping the cluster
// whole, lost the way an engine restart or a firewall reload loses it and put back by the
// runner's start, and gone with the cluster.
const NAME = `fence-${process.pid % 10000}`;
const fence = new IptablesNetworkFence();
// A second fence with chains of its own, over this test's network only, so the removal of
// the chains with the last network can be seen whatever other clusters share the host.
const TEST_CHAINS = { forward: `KLT-${process.pid}`, input: `KLT-${process.pid}-IN` };
const testFence = new IptablesNetworkFence(TEST_CHAINS);
let cluster: StartedKindCluster;
let workstation: StartedTestContainer;
let targets: StartedNetworkTargets;
let network: FencedNetwork;
let gateway: string;

const ruleset = async () =>
  `${(await runOrThrow("iptables", ["-S"])).stdout}${(await runOrThrow("ip6tables", ["-S"])).stdout}`;

const mine = async () => (await kindlingNetworks()).filter((n) => n.name === `kindling-${NAME}`);

/** curl from the learner-side container: the body, or curl's exit code when it failed. */
async function fromWorkstation(url: string): Promise<string> {
  const result = await workstation.exec(["curl", "-sS", "--max-time", "3", url]);
  return result.exitCode === 0 ? result.output.trim() : `curl exit ${result.exitCode}`;
}

beforeAll(async () => {
  await buildImages();
  targets = await startNetworkTargets(process.pid);
  cluster = await new KindCluster(NAME).start();
  workstation = await new GenericContainer(imageName("workstation"))
    .withNetworkMode(cluster.network)
    .withLabels(clusterLabels(NAME, "workstation"))
    .start();
  const found = (await mine())[0];
  if (!found) throw new Error(`network ${cluster.network} is not a Kindling network`);
  network = found;
  gateway = (
    await workstation.exec(["sh", "-c", "ip -4 route show default | cut -d' ' -f3"])
  ).output.trim();
});

afterAll(async () => {
  await cluster?.delete();
  await syncNetworkFence({ mode: "tidy", fence: testFence, networks: mine });
  await targets?.[Symbol.asyncDispose]();
});

describe("the network fence on a real cluster", () => {
  it("is installed when the cluster's network is created", async () => {
    const status = await fence.status();
    expect(status.bridges).toContain(network.bridge);
    expect(status.hooked).toBe(true);
    const rules = (await runOrThrow("iptables", ["-S"])).stdout;
    expect(rules).toContain(`-A DOCKER-USER -j ${FENCE_CHAINS.forward}`);
    expect(rules).toContain(`-A INPUT -j ${FENCE_CHAINS.input}`);
    expect(rules).toContain(`-A ${FENCE_CHAINS.input} -i ${network.bridge} -m conntrack`);
  });

  it("leaves the cluster whole: its API server answers on the network and a pod pulls through the mirror", async () => {
    const livez = await workstation.exec([
      "curl",
      "-sSk",
      "--max-time",
      "3",
      `https://${cluster.controlPlane.ip}:6443/livez`,
    ]);
    expect(livez.output.trim()).toBe("ok");
    await cluster.kubectl([
      "run",
      "pull",
      "--image=busybox:latest",
      "--restart=Never",
      "--",
      "true",
    ]);
    await cluster.kubectl([
      "wait",
      "--for=jsonpath={.status.phase}=Succeeded",
      "pod/pull",
      "--timeout=120s",
    ]);
    const events = await cluster.kubectl([
      "get",
      "events",
      "--field-selector",
      "involvedObject.name=pull,reason=Pulled",
      "-o",
      "jsonpath={.items[*].message}",
    ]);
    expect(events).toMatch(/Successfully pulled image "busybox:latest"/);
  });

  it("refuses the host's own service through the gateway, which answers an unfenced container", async () => {
    expect(await fromWorkstation(`http://${gateway}:${targets.port}/`)).toBe("curl exit 7");
    const control = await targets.curlUnfenced(`http://${targets.controlGateway}:${targets.port}/`);
    expect(control.output.trim()).toBe(HOST_ANSWER);
  });

  it("comes back at runner start after the host lost it, as after an engine restart", async () => {
    // What a rebuilt DOCKER-USER or a firewall reload leaves: no jumps, empty chains.
    await runOrThrow("iptables", ["-D", "DOCKER-USER", "-j", FENCE_CHAINS.forward]);
    await runOrThrow("iptables", ["-D", "INPUT", "-j", FENCE_CHAINS.input]);
    await runOrThrow("iptables", ["-F", FENCE_CHAINS.forward]);
    await runOrThrow("iptables", ["-F", FENCE_CHAINS.input]);
    expect((await fence.status()).hooked).toBe(false);
    // Without the fence the same request gets through: the refusal above was the fence's.
    expect(await fromWorkstation(`http://${gateway}:${targets.port}/`)).toBe(HOST_ANSWER);

    const home = await mkdtemp(path.join(os.tmpdir(), "kindling-fence-runner-"));
    const runner = await startRunnerServer({
      ...runnerConfigFromEnv(),
      host: "127.0.0.1",
      port: 0,
      home,
      pool: "",
      log: () => {},
    });
    await runner.stop();
    await rm(home, { recursive: true, force: true });

    const status = await fence.status();
    expect(status.hooked).toBe(true);
    expect(status.bridges).toContain(network.bridge);
    expect(await fromWorkstation(`http://${gateway}:${targets.port}/`)).toBe("curl exit 7");
  });

  it("installs twice to the same rules, with one jump each", async () => {
    const before = await ruleset();
    await syncNetworkFence({ mode: "install" });
    await syncNetworkFence({ mode: "install" });
    const after = await ruleset();
    const jumps = after
      .split("\n")
      .filter((l) => l === `-A DOCKER-USER -j ${FENCE_CHAINS.forward}`);
    expect(jumps).toHaveLength(1);
    const own = (text: string) => text.split("\n").filter((l) => l.includes(network.bridge));
    expect(own(after)).toEqual(own(before));
  });

  it("removes the network's rules with the cluster, and both chains with the last network", async () => {
    await syncNetworkFence({ mode: "install", fence: testFence, networks: mine });
    expect(await ruleset()).toContain(`-A DOCKER-USER -j ${TEST_CHAINS.forward}`);
    await workstation.stop({ remove: true });
    await cluster.delete();
    expect((await fence.status()).bridges).not.toContain(network.bridge);
    await syncNetworkFence({ mode: "tidy", fence: testFence, networks: mine });
    const after = await ruleset();
    expect(after).not.toContain(network.bridge);
    expect(after).not.toContain(TEST_CHAINS.forward);
    // The shared chains go too once no Kindling network is left on the host.
    const remaining = await kindlingNetworks();
    expect(after.includes(`-N ${FENCE_CHAINS.forward}`)).toBe(remaining.length > 0);
    expect((await run("ip", ["link", "show", network.bridge])).code).not.toBe(0);
  });
});
