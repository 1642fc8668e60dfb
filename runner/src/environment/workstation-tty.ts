import type { Duplex, Readable } from "node:stream";
import { docker } from "../util/docker.ts";

export interface TtySize {
  cols: number;
  rows: number;
}

/** tmux keeps a tab's shell alive when its browser goes away; -A re-attaches to it. */
export const tabCommand = (tab: number) => ["tmux", "new-session", "-A", "-s", `tab-${tab}`];

/** A program on a terminal in a workstation: bytes both ways, a resizable window, its exit. */
export interface Tty {
  /** What the program writes to its terminal. */
  readonly output: Readable;
  write(data: Buffer | string): void;
  resize(size: TtySize): Promise<void>;
  /** Resolves with the program's exit code when its output ends. */
  exited(): Promise<number>;
  close(): void;
}

/**
 * An interactive `docker exec` with a TTY in a workstation: bytes both ways, a resizable
 * window, and the exit code once the program ends.
 */
export class WorkstationTty implements Tty {
  private constructor(
    readonly stream: Duplex,
    private readonly execution: import("dockerode").Exec,
  ) {}

  static async open(
    containerId: string,
    command: string[],
    size: TtySize,
    user: "learner" | "root" = "learner",
  ): Promise<WorkstationTty> {
    const container = (await docker()).getContainer(containerId);
    const execution = await container.exec({
      Cmd: command,
      User: user,
      Tty: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Env: ["TERM=xterm-256color", "LANG=C.UTF-8"],
    });
    const stream = (await execution.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
    const tty = new WorkstationTty(stream, execution);
    // The engine only accepts a size once the process runs; the first one sets tmux's window.
    await tty.resize(size).catch(() => {});
    return tty;
  }

  get output(): Readable {
    return this.stream;
  }

  write(data: Buffer | string): void {
    if (!this.stream.destroyed) this.stream.write(data);
  }

  async resize({ cols, rows }: TtySize): Promise<void> {
    await this.execution.resize({ w: cols, h: rows });
  }

  /** Resolves with the program's exit code when its output ends. */
  exited(): Promise<number> {
    return new Promise((resolve) => {
      const done = () =>
        void this.execution
          .inspect()
          .then((info) => resolve(info.ExitCode ?? 1))
          .catch(() => resolve(1));
      if (this.stream.readableEnded || this.stream.destroyed) return done();
      this.stream.once("end", done);
      this.stream.once("close", done);
    });
  }

  close(): void {
    // Ending stdin detaches the tmux client; the shell inside tmux lives on.
    this.stream.end();
    this.stream.destroy();
  }
}
