import { randomBytes } from "node:crypto";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "../env.ts";
import { docker } from "../util/docker.ts";
import { type ClusterSummary, findCluster, removeCluster } from "./cluster-store.ts";
import { ADMIN_KUBECONFIG_FLAG, ADMIN_KUBECONFIG_PATH } from "./admin-kubeconfig.ts";
import { execIn, execOrThrow, writeFileIn } from "./node-exec.ts";

/** A running cluster: run kubectl as its admin, read its kubeconfig, delete it. */
export class StartedKindCluster implements AsyncDisposable {
  private constructor(readonly summary: ClusterSummary) {}

  static async attach(name: string): Promise<StartedKindCluster> {
    const summary = await findCluster(name);
    if (!summary) throw new Error(`no cluster named "${name}" (see \`kindling cluster list\`)`);
    return new StartedKindCluster(summary);
  }

  get name(): string {
    return this.summary.name;
  }

  get nodes() {
    return this.summary.nodes;
  }

  get controlPlane() {
    const cp = this.summary.nodes.find((n) => n.role === "control-plane");
    if (!cp) throw new Error(`cluster "${this.name}" has no control-plane container`);
    return cp;
  }

  /** The Docker network the nodes share; workstations and lab servers join it. */
  get network(): string {
    return `kindling-${this.name}`;
  }

  async exec(node: string, command: string[]) {
    const target = this.summary.nodes.find((n) => n.name === node);
    if (!target) throw new Error(`cluster "${this.name}" has no node "${node}"`);
    return execIn((await docker()).getContainer(target.id), command);
  }

  /** kubectl as cluster admin, run inside the control-plane node (no kubectl needed on the host). */
  async kubectl(args: string[]): Promise<string> {
    const cp = (await docker()).getContainer(this.controlPlane.id);
    return execOrThrow(
      cp,
      ["kubectl", ADMIN_KUBECONFIG_FLAG, ...args],
      `kubectl ${args.join(" ")}`,
    );
  }

  /** As `kubectl`, but returns the exit code and both streams instead of throwing. */
  async kubectlResult(args: string[]) {
    return this.exec(this.controlPlane.name, ["kubectl", ADMIN_KUBECONFIG_FLAG, ...args]);
  }

  /** Applies manifests (YAML text) as cluster admin. */
  async apply(manifest: string, what: string, extraArgs: string[] = []): Promise<string> {
    const cp = (await docker()).getContainer(this.controlPlane.id);
    const file = `/kind/apply-${randomBytes(4).toString("hex")}.yaml`;
    await writeFileIn(cp, file, manifest);
    try {
      return await execOrThrow(
        cp,
        ["kubectl", ADMIN_KUBECONFIG_FLAG, "apply", ...extraArgs, "-f", file],
        `applying ${what}`,
      );
    } finally {
      await execIn(cp, ["rm", "-f", file]);
    }
  }

  /** The admin kubeconfig, pointed at the given API server address. */
  async kubeconfig(server?: string): Promise<string> {
    const cp = (await docker()).getContainer(this.controlPlane.id);
    const admin = await execOrThrow(cp, ["cat", ADMIN_KUBECONFIG_PATH], "reading admin.conf");
    const target = server ?? `https://127.0.0.1:${this.summary.apiServerPort}`;
    return admin.replace(/server: https:\/\/\S+/, `server: ${target}`);
  }

  /** Writes the host kubeconfig (API server on loopback) and returns its path. */
  async writeKubeconfig(): Promise<string> {
    const dir = path.join(env.KINDLING_HOME, "clusters", this.name);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, "kubeconfig");
    await writeFile(file, await this.kubeconfig(), { mode: 0o600 });
    await chmod(file, 0o600);
    return file;
  }

  async delete(): Promise<void> {
    await removeCluster(this.name);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.delete();
  }
}
