// Whether this runner can make lab environments yet: the Docker engine answers, and the
// image set is current (built in the background when it is not). Sessions and the warm
// pool wait on it; the site shows its state (GET /v1/status) so a learner sees why.
import { EventEmitter } from "node:events";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { ImageSupplyView } from "../protocol/runner-api.ts";
import { docker } from "../util/docker.ts";
import { type BuildProgress, describeProgress } from "./build-progress.ts";
import { buildImages, imageStates } from "./image-builder.ts";

export interface ImageSupplyOptions {
  /** Where the recipes' output goes (the console shows one progress line instead). */
  logFile?: string;
  /** Builds what is missing; the real one runs the recipes (tests pass a small one). */
  build?: (onProgress: (p: BuildProgress) => void) => Promise<void>;
  /** Whether every image is current. */
  current?: () => Promise<boolean>;
  /** Resolves when the Docker engine answers; throws with a reason when it does not. */
  ping?: () => Promise<void>;
  /**
   * Fills the clusters' image mirror once the set is current (offline image source). The
   * runner passes it in: the mirror belongs to cluster/, which itself imports images/.
   */
  seed?: () => Promise<void>;
  retryMs?: number;
  log?: (line: string) => void;
}

export const DOCKER_HELP =
  "Start the Docker engine (on Debian: `apt-get install docker.io`, then `systemctl start docker` or `dockerd &`), or set DOCKER_HOST; Kindling notices within seconds.";

export class ImageSupply extends EventEmitter<{ change: [ImageSupplyView] }> {
  private view: ImageSupplyView = { phase: "checking", message: "checking the lab images" };
  private running?: Promise<void>;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private readonly build: NonNullable<ImageSupplyOptions["build"]>;
  private readonly current: NonNullable<ImageSupplyOptions["current"]>;
  private readonly ping: NonNullable<ImageSupplyOptions["ping"]>;
  private readonly seed: NonNullable<ImageSupplyOptions["seed"]>;
  private readonly log: (line: string) => void;

  constructor(private readonly options: ImageSupplyOptions = {}) {
    super();
    this.build =
      options.build ??
      (async (onProgress) => {
        if (options.logFile) await mkdir(path.dirname(options.logFile), { recursive: true });
        await buildImages({ onProgress, logFile: options.logFile, log: () => {} });
      });
    this.current = options.current ?? (async () => (await imageStates()).every((s) => s.upToDate));
    this.ping = options.ping ?? (async () => void (await (await docker()).ping()));
    this.seed = options.seed ?? (async () => {});
    this.log = options.log ?? (() => {});
  }

  get state(): ImageSupplyView {
    return this.view;
  }

  /** Starts checking (and building) unless that is under way or done; returns at once. */
  ensure(): void {
    if (this.stopped || this.running || this.view.phase === "ready") return;
    clearTimeout(this.timer);
    // A new attempt after a failure or a stopped engine: waiters wait for its outcome.
    if (this.view.phase === "failed")
      this.set({ phase: "checking", message: "checking the lab images" });
    this.running = this.run().finally(() => (this.running = undefined));
  }

  /**
   * Resolves when environments can be made, reporting progress while images build;
   * rejects at once when the engine is down or the build failed.
   */
  async whenReady(progress: (step: string) => void = () => {}): Promise<void> {
    this.ensure();
    let said = "";
    const tell = (view: ImageSupplyView) => {
      if (view.phase === "building" && view.message !== said) {
        said = view.message;
        progress(`waiting for the lab images: ${view.message}`);
      }
    };
    for (;;) {
      const view = this.view;
      if (view.phase === "ready") return;
      if (view.phase === "failed" || view.phase === "docker-unavailable")
        throw new Error(view.message);
      tell(view);
      await new Promise<void>((resolve) => this.once("change", () => resolve()));
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private set(view: ImageSupplyView): void {
    this.view = view;
    this.emit("change", view);
  }

  private async run(): Promise<void> {
    try {
      await this.ping();
    } catch (error) {
      // docker() ends its message with advice of its own; this one gives the fuller advice.
      const reason = firstLine(error).replace(/\s*Start Docker, or .*$/, "");
      const message = `The Docker engine is not reachable: ${reason} ${DOCKER_HELP}`;
      if (this.view.phase !== "docker-unavailable") this.log(message);
      this.set({ phase: "docker-unavailable", message });
      // Keep looking, so the site recovers on its own once Docker is started.
      if (!this.stopped) this.timer = setTimeout(() => this.ensure(), this.retryMs);
      return;
    }
    try {
      if (!(await this.current())) {
        this.set({ phase: "building", message: "starting the image build" });
        this.log(
          `lab images are missing or outdated: building them in the background${this.options.logFile ? ` (log: ${this.options.logFile})` : ""}`,
        );
        await this.build((p) =>
          this.set({
            phase: "building",
            message: describeProgress(p),
            done: p.done,
            total: p.total,
            current: p.current,
            etaSeconds: p.etaSeconds,
          }),
        );
      }
      await this.seed();
      this.set({ phase: "ready", message: "the lab images are ready" });
    } catch (error) {
      const message = `The lab images could not be built: ${firstLine(error)}. See the runner's log; \`npx kindling images build\` retries.`;
      this.log(message);
      this.set({ phase: "failed", message });
    }
  }

  private get retryMs(): number {
    return this.options.retryMs ?? 5000;
  }
}

const firstLine = (error: unknown) => (error as Error).message.split("\n")[0] ?? String(error);
