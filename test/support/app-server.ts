// Starts Kindling as `npm start` does (scripts/start.ts: setup, embedded database, Next.js
// production server behind scripts/web-server.ts) on a free port with its own data folder,
// for tests.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import path from "node:path";

const projectRoot = path.resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

export interface StartedApp extends AsyncDisposable {
  url: string;
  port: number;
  /** Everything `npm start` and its children printed so far. */
  log(): string;
  /** The embedded database's URL, as the app logged it. */
  databaseUrl: string;
  /** The one-time first-admin link's path (/admin/setup/…) `npm start` printed, if any. */
  setupPath: string | undefined;
  /** Stops the app: SIGTERM lets it shut down cleanly, SIGKILL simulates a crash. */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
}

export interface StartAppOptions {
  /** Settings for this start, over the test process's own environment. */
  env?: Record<string, string>;
  port?: number;
  timeoutMs?: number;
}

export async function startApp(
  dataDir: string,
  options: StartAppOptions = {},
): Promise<StartedApp> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: projectRoot,
    // Own process group, so that a SIGKILL reaches the Next.js child as well.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    // An empty DATABASE_URL selects the embedded database even if the caller has one set.
    env: {
      ...process.env,
      PORT: String(port),
      KINDLING_DATA_DIR: dataDir,
      DATABASE_URL: "",
      // A warm pool would make clusters in the background of every test and outlive it;
      // tests that want one say so.
      KINDLING_POOL: process.env.KINDLING_POOL || "off",
      ...options.env,
    },
  });
  let log = "";
  child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = once(child, "exit");

  const stop = async (signal: "SIGTERM" | "SIGKILL" = "SIGTERM") => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid!, signal);
    await exited;
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app exited early:\n${log}`);
    const health = await fetch(`${url}/api/health`).catch(() => undefined);
    // start.ts prints the web app's address after the first-admin link (if any).
    if (health?.ok && log.includes("kindling: web app starting on")) {
      const databaseUrl = /served at (postgresql:\/\/\S+)/.exec(log)?.[1];
      if (!databaseUrl) throw new Error(`no embedded database URL in the log:\n${log}`);
      const setupPath = /https?:\/\/\S+?(\/admin\/setup\/[\w-]+)/.exec(log)?.[1];
      return {
        url,
        port,
        databaseUrl,
        setupPath,
        log: () => log,
        stop,
        [Symbol.asyncDispose]: () => stop(),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop("SIGKILL");
  throw new Error(`app did not become healthy in ${timeoutMs} ms:\n${log}`);
}
