// `npm start`: set up, then serve Kindling. Owns the processes that make up a running
// Kindling: the embedded database (unless DATABASE_URL points at a real PostgreSQL), the
// web app (Next.js, production build) and, later, the runner service.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { startEmbeddedDatabase, type StartedEmbeddedDatabase } from "./db/embedded-database.ts";
import { applyMigrations } from "./db/migrations.ts";
import { nextBin, offlineToolEnv, projectRoot } from "./lib/tools.ts";
import { readScriptEnv } from "./script-env.ts";
import { setup } from "./setup.ts";

const env = readScriptEnv();
// Migrations run below against the database this process holds open.
await setup({ migrate: false });

let embedded: StartedEmbeddedDatabase | undefined;
let databaseUrl = env.databaseUrl;
if (!databaseUrl) {
  embedded = await startEmbeddedDatabase({ dataDir: env.pgliteDir });
  databaseUrl = embedded.url;
  console.log(`kindling: embedded database ${env.pgliteDir} served at ${embedded.url}`);
}
const applied = await applyMigrations(databaseUrl);
if (applied.length) console.log(`kindling: applied migrations ${applied.join(", ")}`);

const web: ChildProcess = spawn(
  process.execPath,
  [nextBin, "start", "--port", String(env.port), "--hostname", env.host],
  {
    cwd: projectRoot,
    stdio: "inherit",
    env: {
      ...process.env,
      ...offlineToolEnv,
      DATABASE_URL: databaseUrl,
      ...(embedded ? { DATABASE_POOL_MAX: String(embedded.maxClientConnections) } : {}),
    },
  },
);

// TODO(runner service issue): start the runner here, beside the web app, and stop it in
// shutdown() below; the web app will get its URL through the environment.

const shownHost = env.host === "127.0.0.1" || env.host === "0.0.0.0" ? "localhost" : env.host;
console.log(`kindling: web app starting on http://${shownHost}:${env.port}`);

let stopping = false;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (web.exitCode === null && web.signalCode === null) {
      web.kill("SIGTERM");
      await once(web, "exit");
    }
    await embedded?.stop();
  }
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
web.on("exit", (code) => void shutdown(stopping ? 0 : (code ?? 1)));
