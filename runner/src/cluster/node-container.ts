import { existsSync } from "node:fs";
import { GenericContainer, Wait } from "testcontainers";
import type { ContainerBudget } from "./environment-budget.ts";
import { containerName } from "./labels.ts";

/** The host's kernel modules; absent on many machines (see the constructor). */
export const HOST_MODULES = "/lib/modules";

/**
 * A Kubernetes node as kind runs one: a privileged container booting systemd, with its
 * own cgroup namespace, /var on a volume (containerd's images and the kubelet's state
 * must not live on the overlay root) and the API server published on loopback only.
 */
export class KindNodeContainer extends GenericContainer {
  constructor(
    image: string,
    node: string,
    network: string,
    varVolume: string,
    labels: Record<string, string>,
  ) {
    super(image);
    this.withName(containerName(node))
      .withHostname(node)
      .withNetworkMode(network)
      .withLabels(labels)
      .withPrivilegedMode()
      .withTmpFs({ "/tmp": "rw", "/run": "rw" })
      .withAutoRemove(false)
      .withWaitStrategy(Wait.forSuccessfulCommand("systemctl is-active --quiet containerd"))
      .withStartupTimeout(90_000);
    // Joined at creation, with the node name as alias: testcontainers' own aliases would
    // start the node on Docker's default bridge too, shared by every cluster on the host.
    this.createOpts.NetworkingConfig = { EndpointsConfig: { [network]: { Aliases: [node] } } };
    this.hostConfig.SecurityOpt = ["seccomp=unconfined", "apparmor=unconfined"];
    // dockerode's types predate the field; the engine API has had it since 1.41.
    Object.assign(this.hostConfig, { CgroupnsMode: "private" });
    this.hostConfig.Mounts = [{ Type: "volume", Source: varVolume, Target: "/var" }];
    // kind shares the host's kernel modules so kube-proxy can modprobe (ipvs). Many hosts
    // have none (a kernel not from the distribution), and the Engine API refuses a bind of
    // a missing source: the node then goes without, and the iptables mode needs nothing
    // from it. Pods that mount /lib/modules get an empty folder from containerd.
    if (existsSync(HOST_MODULES)) {
      this.hostConfig.Mounts.push({
        Type: "bind",
        Source: HOST_MODULES,
        Target: "/lib/modules",
        ReadOnly: true,
      });
    }
  }

  /** Caps the node at its share of the environment's budget (no swap beyond it). */
  withBudget(budget: ContainerBudget): this {
    this.hostConfig.Memory = budget.memoryBytes;
    this.hostConfig.MemorySwap = budget.memoryBytes;
    this.hostConfig.NanoCpus = Math.round(budget.cpus * 1e9);
    this.hostConfig.PidsLimit = budget.pids;
    return this;
  }

  /** Publishes the API server on a random port of the host's loopback interface. */
  withApiServerPort(): this {
    this.createOpts.ExposedPorts = {
      ...this.createOpts.ExposedPorts,
      "6443/tcp": {},
    };
    this.hostConfig.PortBindings = {
      ...this.hostConfig.PortBindings,
      "6443/tcp": [{ HostIp: "127.0.0.1", HostPort: "0" }],
    };
    return this;
  }
}
