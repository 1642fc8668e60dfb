// The runner service: the JSON API and the terminal WebSocket on one port. Started by
// `kindling serve` (and so by `npm start`); state lives under KINDLING_HOME/runner/.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createApiHandler } from "./api/api-handler.ts";
import { resolveRunnerSecret } from "./api/runner-secret.ts";
import { fenceAtRunnerStart } from "./cluster/network-fence.ts";
import { seedRegistry } from "./cluster/registry-mirror.ts";
import { env } from "./env.ts";
import { ImageSupply } from "./images/image-supply.ts";
import { SnapshotKeeper } from "./resume/snapshot-keeper.ts";
import { liveTokens, LiveServer } from "./live/live-server.ts";
import type { ImageSupplyView } from "./protocol/runner-api.ts";
import { kubeEnvironmentDriver } from "./kube-backend/kube-driver.ts";
import { HostStateStore } from "./kube-backend/host-state-store.ts";
import { dockerEnvironmentDriver, type EnvironmentDriver } from "./session/environment-driver.ts";
import { minutesToLimits, type SessionLimits } from "./session/session-expiry.ts";
import { SessionManager } from "./session/session-manager.ts";
import { type RunnerStateStore, runnerStateFile, SessionStore } from "./session/session-store.ts";
import { resolvePool } from "./session/pool-sizing.ts";
import { TerminalServer } from "./terminal/terminal-server.ts";
import { TerminalTokens } from "./terminal/terminal-token.ts";

export interface RunnerServerConfig {
  host: string;
  port: number;
  home: string;
  labsDir: string;
  secret?: string;
  publicUrl?: string;
  maxEnvironments: number;
  pool: string;
  limits: SessionLimits;
  driver?: EnvironmentDriver;
  /** What environments wait for; the Docker driver's default is the image set. */
  prerequisites?: ImageSupply;
  reapIntervalMs?: number;
  log?: (line: string) => void;
}

export function runnerConfigFromEnv(): RunnerServerConfig {
  return {
    host: env.KINDLING_RUNNER_HOST,
    port: env.KINDLING_RUNNER_PORT,
    home: env.KINDLING_HOME,
    labsDir: env.KINDLING_LABS_DIR,
    secret: env.KINDLING_RUNNER_SECRET,
    publicUrl: env.KINDLING_RUNNER_PUBLIC_URL,
    maxEnvironments: env.KINDLING_MAX_ENVIRONMENTS,
    pool: env.KINDLING_POOL,
    limits: minutesToLimits({
      session: env.KINDLING_SESSION_MINUTES,
      max: env.KINDLING_SESSION_MAX_MINUTES,
      idle: env.KINDLING_SESSION_IDLE_MINUTES,
      warning: env.KINDLING_SESSION_WARNING_MINUTES,
      extend: env.KINDLING_SESSION_EXTEND_MINUTES,
    }),
  };
}

const version = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;

export class StartedRunnerServer implements AsyncDisposable {
  constructor(
    private readonly server: Server,
    readonly sessions: SessionManager,
    private readonly terminals: TerminalServer,
    readonly secret: string,
    readonly images?: ImageSupply,
    readonly live?: LiveServer,
  ) {}

  get url(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  }

  /** Stops serving; environments and sessions stay, for the next start to pick up. */
  async stop(): Promise<void> {
    this.images?.stop();
    await this.terminals.close();
    await this.live?.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await this.sessions.stop();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/** The runner's state file under its home, or on the host cluster when configured so. */
function stateStore(home: string, onHostCluster: boolean): RunnerStateStore {
  const reference = env.KINDLING_STATE_CONFIGMAP;
  if (!reference) return new SessionStore(runnerStateFile(home));
  if (!onHostCluster)
    throw new Error("KINDLING_STATE_CONFIGMAP needs KINDLING_BACKEND=kubernetes (a host cluster)");
  return HostStateStore.fromReference(reference);
}

export async function startRunnerServer(
  config: RunnerServerConfig = runnerConfigFromEnv(),
): Promise<StartedRunnerServer> {
  const log = config.log ?? ((line: string) => console.error(`runner: ${line}`));
  const secret = await resolveRunnerSecret(config.home, config.secret);
  const pool = await resolvePool(config.pool, config.labsDir, config.maxEnvironments);
  log(pool.explanation);
  // Environments on a host cluster (KINDLING_BACKEND=kubernetes) run from the images its
  // nodes hold; with its own driver (tests) nothing is awaited unless the caller says so.
  const chosen =
    config.driver ?? (env.KINDLING_BACKEND === "kubernetes" ? kubeEnvironmentDriver : undefined);
  const images =
    config.prerequisites ??
    (chosen
      ? undefined
      : new ImageSupply({
          log,
          logFile: path.join(config.home, "logs", "image-build.log"),
          seed: async () => {
            if (env.KINDLING_IMAGE_SOURCE === "offline") await seedRegistry(log);
          },
        }));
  const driver = chosen ?? dockerEnvironmentDriver;
  if (driver === dockerEnvironmentDriver) await fenceAtRunnerStart(log);
  const sessions = await new SessionManager({
    prerequisites: images,
    store: stateStore(config.home, driver === kubeEnvironmentDriver),
    driver,
    labsDir: config.labsDir,
    limits: config.limits,
    maxEnvironments: config.maxEnvironments,
    poolTargets: pool.targets,
    reapIntervalMs: config.reapIntervalMs,
    // Only real environments have work to keep.
    ...(driver === dockerEnvironmentDriver ? { keeper: SnapshotKeeper.under(config.home) } : {}),
    log,
  }).start();
  const progressLine = consoleProgress(log);
  images?.on("change", (view) => {
    progressLine(view);
    if (view.phase === "ready") {
      log("the lab images are ready");
      void sessions.environmentsAvailable().catch((error: Error) => log(error.message));
    }
  });
  images?.ensure();
  const tokens = new TerminalTokens(secret);
  const terminals = new TerminalServer(sessions, tokens);
  const live = new LiveServer({
    sessions,
    tokens: liveTokens(secret),
    labsDir: config.labsDir,
    log,
  });
  const server = createServer();
  let listening = "";
  const handler = createApiHandler({
    sessions,
    labsDir: config.labsDir,
    tokens,
    secret,
    version,
    images: () => images?.state ?? { phase: "ready", message: "environments need no images" },
    log,
    // Browsers reach the terminal at the same address unless the operator says otherwise.
    publicUrl: () => config.publicUrl ?? listening.replace(/^http/, "ws"),
  });
  server.on("request", (req, res) => void handler(req, res));
  server.on("upgrade", (req, socket, head) => {
    if (!terminals.handleUpgrade(req, socket, head) && !live.handleUpgrade(req, socket, head))
      socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const started = new StartedRunnerServer(server, sessions, terminals, secret, images, live);
  listening = started.url;
  log(`listening on ${started.url}`);
  return started;
}

/**
 * The image build on the console: one line rewritten in place on a terminal, else a line
 * each time an image is done (logs, CI).
 */
function consoleProgress(log: (line: string) => void) {
  let last = "";
  let open = false;
  return (view: ImageSupplyView) => {
    if (view.phase !== "building") {
      if (open) process.stderr.write("\n");
      open = false;
      return;
    }
    const line = `preparing lab images — ${view.message}${view.current ? ` (now ${view.current})` : ""}`;
    if (line === last) return;
    last = line;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r\x1b[2Krunner: ${line}`);
      open = true;
    } else log(line);
  };
}
