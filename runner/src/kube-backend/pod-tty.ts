// A terminal tab on the Kubernetes backend: an exec with a TTY through the host API, the
// counterpart of environment/workstation-tty.ts's `docker exec`. The client library sends a
// new window size whenever the output stream says it was resized, so the output stream
// carries the size.
import { PassThrough, type Readable } from "node:stream";
import type { Exec, V1Status } from "@kubernetes/client-node";
import type { Tty, TtySize } from "../environment/workstation-tty.ts";
import { exitCodeOf } from "./host-api.ts";

/** The output end of a TTY exec, with the window size the library reads from it. */
class SizedOutput extends PassThrough {
  columns: number;
  rows: number;
  constructor({ cols, rows }: TtySize) {
    super();
    this.columns = cols;
    this.rows = rows;
  }
}

export class PodTty implements Tty {
  private readonly closed: Promise<void>;

  private constructor(
    private readonly input: PassThrough,
    private readonly sized: SizedOutput,
    private readonly socket: { close(): void; once(event: "close", cb: () => void): unknown },
    /** The exec's closing status, once the API server has sent it. */
    private readonly ending: { status?: V1Status },
  ) {
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
    void this.closed.then(() => this.sized.end());
  }

  static async open(
    exec: Exec,
    where: { namespace: string; pod: string; container: string },
    command: string[],
    size: TtySize,
  ): Promise<PodTty> {
    const input = new PassThrough();
    const output = new SizedOutput(size);
    const ending: { status?: V1Status } = {};
    const socket = await exec.exec(
      where.namespace,
      where.pod,
      where.container,
      // An exec cannot set the environment: the program gets it through env(1).
      ["env", "TERM=xterm-256color", "LANG=C.UTF-8", ...command],
      output,
      null,
      input,
      true,
      (status) => (ending.status = status),
    );
    return new PodTty(input, output, socket, ending);
  }

  get output(): Readable {
    return this.sized;
  }

  write(data: Buffer | string): void {
    if (!this.input.destroyed) this.input.write(data);
  }

  async resize({ cols, rows }: TtySize): Promise<void> {
    this.sized.columns = cols;
    this.sized.rows = rows;
    this.sized.emit("resize");
  }

  async exited(): Promise<number> {
    await this.closed;
    return this.ending.status ? exitCodeOf(this.ending.status) : 1;
  }

  close(): void {
    // Closing the exec hangs up the tmux client; the shell inside tmux lives on.
    this.input.end();
    this.socket.close();
  }
}
