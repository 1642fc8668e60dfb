import type { ExecResult } from "../cluster/node-exec.ts";
import type { HostApi } from "./host-api.ts";

/**
 * One container of an environment's pod, as the runner uses it: run a command, write a
 * file. The pod counterpart of node-exec.ts's helpers for Docker containers.
 */
export class PodShell {
  constructor(
    private readonly api: HostApi,
    readonly namespace: string,
    readonly pod: string,
    readonly container: string,
  ) {}

  exec(command: string[], timeoutMs?: number): Promise<ExecResult> {
    return this.api.exec(this.namespace, this.pod, this.container, command, timeoutMs);
  }

  async execOrThrow(command: string[], what: string, timeoutMs?: number): Promise<string> {
    const result = await this.exec(command, timeoutMs);
    if (result.exitCode !== 0) {
      const detail = (result.stderr || result.stdout).trim().split("\n").slice(-20).join("\n");
      throw new Error(`${what} failed (exit ${result.exitCode}):\n${detail}`);
    }
    return result.stdout;
  }

  /**
   * Writes a file through the command line: the exec stream cannot close stdin alone, so
   * the content travels base64-encoded as an argument, in pieces below the kernel's
   * limit for one argument (128 KiB).
   */
  async writeFile(file: string, content: string, mode = "0644"): Promise<void> {
    const encoded = Buffer.from(content).toString("base64");
    const pieces = encoded.match(/[\s\S]{1,96000}/g) ?? [""];
    for (const [index, piece] of pieces.entries()) {
      await this.execOrThrow(
        [
          "sh",
          "-c",
          'mkdir -p "$(dirname "$1")" && printf %s "$2" | base64 -d >"$1.part$3"',
          "write",
          file,
          piece,
          String(index),
        ],
        `writing ${file}`,
      );
    }
    const parts = pieces.map((_, i) => `"$1.part${i}"`).join(" ");
    await this.execOrThrow(
      ["sh", "-c", `cat ${parts} >"$1" && rm -f ${parts} && chmod "$2" "$1"`, "write", file, mode],
      `writing ${file}`,
    );
  }
}
