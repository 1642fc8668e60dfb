import { WebSocket } from "ws";

/**
 * A terminal seen from the browser's side, for tests and the bench: sends keystrokes and
 * resizes, collects what the shell prints, and waits for text to appear.
 */
export class TerminalClient {
  private output = "";
  private waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data: Buffer) => {
      this.output += data.toString("utf8");
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.waiters.splice(0)) wake();
      }),
    );
  }

  /**
   * Opens the terminal as a page on `origin` would; by default the origin of the runner
   * itself (ws://host:port → http://host:port), which RunnerClient asks tokens for.
   */
  static async connect(url: string, origin = httpOrigin(url)): Promise<TerminalClient> {
    const ws = new WebSocket(url, { origin });
    const client = new TerminalClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return client;
  }

  get text(): string {
    return this.output;
  }

  type(keys: string): void {
    this.ws.send(Buffer.from(keys), { binary: true });
  }

  resize(cols: number, rows: number): void {
    this.ws.send(JSON.stringify({ type: "resize", cols, rows }));
  }

  /** Resolves when the output matches; rejects on timeout or when the socket closes first. */
  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.output.match(pattern);
      if (match) return match;
      if (this.ws.readyState === WebSocket.CLOSED)
        throw new Error(`terminal closed before ${pattern} appeared; output:\n${this.output}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${this.output}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}

function httpOrigin(url: string): string {
  const parsed = new URL(url);
  parsed.protocol = parsed.protocol === "wss:" ? "https:" : "http:";
  return parsed.origin;
}
