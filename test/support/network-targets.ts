// Targets for network-fence tests, all made on this machine by the test itself, so no probe
// ever leaves it: a service on the host bound to every address, and a network namespace the
// host routes to, with an "outside" address and a link-local one (kernels without the dummy
// driver cannot give the host one of its own) — plus an unfenced control container that
// shows each target really answers.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, get, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { GenericContainer, Network, type StartedNetwork } from "testcontainers";
import type { StartedTestContainer } from "testcontainers";
import { imageName } from "../../runner/src/images/catalogue.ts";
import { run, runOrThrow } from "../../runner/src/util/run.ts";

export const HOST_ANSWER = "kindling-fence-host-service";
export const OUTSIDE_ANSWER = "kindling-fence-outside";
const OUTSIDE_PORT = 8080;

export interface StartedNetworkTargets extends AsyncDisposable {
  /** The host service's port; it listens on 0.0.0.0. */
  readonly port: number;
  /** An address in 169.254.0.0/16 beyond the host, answering on outsidePort. */
  readonly linkLocal: string;
  /** An address beyond the host, routed through it, answering on outsidePort. */
  readonly outside: string;
  readonly outsidePort: number;
  /** Runs curl in a container on a network with no fence, for the controls. */
  curlUnfenced(url: string): Promise<{ exitCode: number; output: string }>;
  /** The gateway of the control container's network: the host, as any container sees it. */
  readonly controlGateway: string;
}

/** The host's own IPv4 addresses a container could aim at, loopback excepted. */
export function hostAddresses(exclude: string[] = []): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === "IPv4" && !a.internal)
    .map((a) => a!.address)
    .filter((a) => !exclude.includes(a))
    .sort();
}

const ip = (args: string[]) => runOrThrow("ip", args);

async function listen(server: Server, host: string, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get(url, { timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    request.on("error", () => resolve(false));
    request.on("timeout", () => request.destroy());
  });
}

/** `tag` keeps names apart from another run's; it must be a small number (0–63). */
export async function startNetworkTargets(tag: number): Promise<StartedNetworkTargets> {
  const n = tag % 64;
  const netns = `kl-out-${n}`;
  const [hostEnd, nsEnd] = [`kl-oh-${n}`, `kl-on-${n}`];
  const linkLocal = `169.254.77.${n + 1}`;
  // 198.51.100.0/24 is reserved for documentation: no real host has it. One /30 per tag.
  const [hostSide, outside] = [`198.51.100.${4 * n + 1}`, `198.51.100.${4 * n + 2}`];

  const cleanups: (() => Promise<unknown>)[] = [];
  const dispose = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    const server = createServer((_req, res) => res.end(`${HOST_ANSWER}\n`));
    const port = await listen(server, "0.0.0.0");
    cleanups.push(() => new Promise((r) => server.close(r)));

    await run("ip", ["netns", "del", netns]);
    await ip(["netns", "add", netns]);
    cleanups.push(() => run("ip", ["netns", "del", netns]));
    await ip(["link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd]);
    cleanups.push(() => run("ip", ["link", "del", hostEnd]));
    await ip(["link", "set", nsEnd, "netns", netns]);
    await ip(["addr", "add", `${hostSide}/30`, "dev", hostEnd]);
    await ip(["link", "set", hostEnd, "up"]);
    const inNs = (args: string[]) => ip(["netns", "exec", netns, "ip", ...args]);
    await inNs(["addr", "add", `${outside}/30`, "dev", nsEnd]);
    await inNs(["link", "set", nsEnd, "up"]);
    await inNs(["link", "set", "lo", "up"]);
    await inNs(["route", "add", "default", "via", hostSide]);
    // The link-local address lives beyond the host, as a cloud's metadata service does.
    await inNs(["addr", "add", `${linkLocal}/32`, "dev", nsEnd]);
    await ip(["route", "add", `${linkLocal}/32`, "via", outside, "dev", hostEnd]);
    const script = `require("http").createServer((q, s) => s.end(${JSON.stringify(`${OUTSIDE_ANSWER}\n`)})).listen(${OUTSIDE_PORT}, "0.0.0.0")`;
    const outsideServer: ChildProcess = spawn(
      "ip",
      ["netns", "exec", netns, process.execPath, "-e", script],
      { stdio: "ignore" },
    );
    cleanups.push(async () => outsideServer.kill());
    const deadline = Date.now() + 10_000;
    while (!(await answers(`http://${outside}:${OUTSIDE_PORT}/`))) {
      if (Date.now() > deadline) throw new Error(`the outside server at ${outside} never answered`);
      await new Promise((r) => setTimeout(r, 200));
    }

    // An ordinary Docker network, not Kindling's: what any container on this host gets.
    const network: StartedNetwork = await new Network().start();
    cleanups.push(() => network.stop());
    const control: StartedTestContainer = await new GenericContainer(imageName("workstation"))
      .withNetwork(network)
      .withCommand(["sleep", "infinity"])
      .start();
    cleanups.push(() => control.stop({ remove: true }));
    const gateway = (
      await control.exec(["sh", "-c", "ip -4 route show default | cut -d' ' -f3"])
    ).output.trim();

    return {
      port,
      linkLocal,
      outside,
      outsidePort: OUTSIDE_PORT,
      controlGateway: gateway,
      async curlUnfenced(url) {
        const result = await control.exec(["curl", "-sS", "--max-time", "3", url]);
        return { exitCode: result.exitCode, output: result.output };
      },
      [Symbol.asyncDispose]: dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
