// The Kubernetes backend's one door to its host cluster: typed clients for the objects an
// environment is made of, and exec into an environment's pods (its nodes, its workstation),
// which stands in for `docker exec` on this backend.
import { readFile } from "node:fs/promises";
import { Writable } from "node:stream";
import type { CoreV1Api, Exec, NetworkingV1Api, V1Status } from "@kubernetes/client-node";
import type { ExecResult } from "../cluster/node-exec.ts";
import type { Tty, TtySize } from "../environment/workstation-tty.ts";
import { PodTty } from "./pod-tty.ts";
import { env } from "../env.ts";

// Loaded on first use, as kube-reader.ts does: the library weighs about 90 MiB.
const clientNode = () => import("@kubernetes/client-node");

export interface HostApi {
  core: CoreV1Api;
  networking: NetworkingV1Api;
  /** Runs a command in a pod's container (no TTY) and collects its output and exit code. */
  exec(
    namespace: string,
    pod: string,
    container: string,
    command: string[],
    timeoutMs?: number,
  ): Promise<ExecResult>;
  /** Runs a program on a terminal in a pod's container: a terminal tab on this backend. */
  tty(
    namespace: string,
    pod: string,
    container: string,
    command: string[],
    size: TtySize,
  ): Promise<Tty>;
}

let shared: Promise<HostApi> | undefined;
let kubeconfigFile = env.KINDLING_HOST_KUBECONFIG;

/** Points this process at another host cluster (a test's own). */
export function useHostKubeconfig(file: string): void {
  kubeconfigFile = file;
  shared = undefined;
}

/**
 * The host cluster, one client per process: KINDLING_HOST_KUBECONFIG's, or else, in a pod
 * (deploy/kubernetes), the cluster the runner itself runs in, through its service account.
 */
export function hostApi(): Promise<HostApi> {
  shared ??= (async () => {
    const file = kubeconfigFile;
    if (file) return hostApiFrom(await readFile(file, "utf8"));
    if (process.env.KUBERNETES_SERVICE_HOST) return hostApiFrom(null);
    throw new Error(
      "KINDLING_BACKEND=kubernetes needs KINDLING_HOST_KUBECONFIG, or to run in a pod of the host cluster",
    );
  })();
  shared.catch(() => (shared = undefined));
  return shared;
}

/** A client from a kubeconfig's text, or from the pod's service account when null. */
export async function hostApiFrom(kubeconfig: string | null): Promise<HostApi> {
  const k8s = await clientNode();
  const config = new k8s.KubeConfig();
  if (kubeconfig === null) config.loadFromCluster();
  else config.loadFromString(kubeconfig);
  return {
    core: config.makeApiClient(k8s.CoreV1Api),
    networking: config.makeApiClient(k8s.NetworkingV1Api),
    exec: (namespace, pod, container, command, timeoutMs) =>
      execInPod(new k8s.Exec(config), namespace, pod, container, command, timeoutMs),
    tty: (namespace, pod, container, command, size) =>
      PodTty.open(new k8s.Exec(config), { namespace, pod, container }, command, size),
  };
}

/** The exit code the API server reports in an exec's closing status. */
export function exitCodeOf(status: V1Status): number {
  if (status.status === "Success") return 0;
  const cause = status.details?.causes?.find((c) => c.reason === "ExitCode");
  const code = Number(cause?.message);
  return Number.isInteger(code) ? code : 1;
}

async function execInPod(
  exec: Exec,
  namespace: string,
  pod: string,
  container: string,
  command: string[],
  timeoutMs = 600_000,
): Promise<ExecResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        into.push(Buffer.from(chunk));
        done();
      },
    });
  return new Promise<ExecResult>((resolve, reject) => {
    let status: V1Status | undefined;
    const timer = setTimeout(() => {
      socket.then((ws) => ws.close()).catch(() => {});
      reject(new Error(`${command.join(" ")} in ${namespace}/${pod} took over ${timeoutMs} ms`));
    }, timeoutMs);
    const socket = exec.exec(
      namespace,
      pod,
      container,
      command,
      sink(out),
      sink(err),
      null,
      false,
      (s) => (status = s),
    );
    socket.then(
      (ws) =>
        ws.on("close", () => {
          clearTimeout(timer);
          resolve({
            exitCode: status ? exitCodeOf(status) : 1,
            stdout: Buffer.concat(out).toString(),
            stderr: Buffer.concat(err).toString() + (status ? "" : "(no exit status)\n"),
          });
        }),
      (error: Error) => {
        clearTimeout(timer);
        reject(new Error(`exec in ${namespace}/${pod} failed: ${error.message}`));
      },
    );
  });
}
