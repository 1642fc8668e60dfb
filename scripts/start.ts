// `npm start`: set up, then serve Kindling. Owns the processes that make up a running
// Kindling: the embedded database (unless DATABASE_URL points at a real PostgreSQL), the
// web app (Next.js, production build) and the runner service (environments, terminals).
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { startEmbeddedDatabase, type StartedEmbeddedDatabase } from "./db/embedded-database.ts";
import { applyMigrations } from "./db/migrations.ts";
import { resolveRunnerSecret } from "../runner/src/api/runner-secret.ts";
import { env as runnerEnv } from "../runner/src/env.ts";
import { offlineToolEnv, projectRoot } from "./lib/tools.ts";
import { shareAdvice } from "./lib/share-address.ts";
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

// No sign-up ever makes an admin: while there is none, the operator gets a one-time link.
// It is made while the runner and the web app start, and printed before the web app's address.
const setupLink = spawn(
  process.execPath,
  [
    "--conditions=react-server",
    "--import",
    "tsx",
    "scripts/admin.ts",
    "setup-link",
    "--if-no-admin",
  ],
  { cwd: projectRoot, stdio: "inherit", env: { ...process.env, DATABASE_URL: databaseUrl } },
);
// The runner (sessions API + terminals) and the web app share one bearer secret: the
// operator's, or one made once under KINDLING_HOME for local use.
const runnerSecret = await resolveRunnerSecret(
  runnerEnv.KINDLING_HOME,
  runnerEnv.KINDLING_RUNNER_SECRET,
);
const runnerUrl = `http://${runnerEnv.KINDLING_RUNNER_HOST}:${runnerEnv.KINDLING_RUNNER_PORT}`;
const runner: ChildProcess = spawn(
  process.execPath,
  [path.join(projectRoot, "runner", "bin", "kindling.mjs"), "serve"],
  {
    cwd: projectRoot,
    stdio: "inherit",
    env: { ...process.env, KINDLING_RUNNER_SECRET: runnerSecret },
  },
);

// Next.js behind a Node server of our own, which tells the app the client's real address.
const web: ChildProcess = spawn(
  process.execPath,
  ["--import", "tsx", path.join(projectRoot, "scripts", "web-server.ts")],
  {
    cwd: projectRoot,
    stdio: "inherit",
    env: {
      ...process.env,
      ...offlineToolEnv,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      KINDLING_RUNNER_URL: runnerUrl,
      KINDLING_RUNNER_SECRET: runnerSecret,
      ...(embedded ? { DATABASE_POOL_MAX: String(embedded.maxClientConnections) } : {}),
    },
  },
);

const [setupCode] = (await once(setupLink, "exit")) as [number | null];
if (setupCode !== 0) console.error("kindling: could not make a setup link for the first admin");
const shownHost = env.host === "127.0.0.1" || env.host === "0.0.0.0" ? "localhost" : env.host;
console.log(`kindling: web app starting on http://${shownHost}:${env.port}`);
console.log(`kindling: ${shareAdvice(env.host, env.port, env.publicUrl)}`);

// One shutdown, however many ways it is asked for: the web app's exit during a stop asks
// again, and exiting then would leave the runner finishing alone, its last words lost.
let stopping: Promise<never> | undefined;
function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    await Promise.all(
      [web, runner].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        await once(child, "exit");
      }),
    );
    await embedded?.stop();
    process.exit(code);
  })();
  return stopping;
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
web.on("exit", (code) => void shutdown(stopping ? 0 : (code ?? 1)));
// The catalogue stays useful without Docker, so a runner that cannot start does not stop
// the site; its own message says why, and lab environments are unavailable meanwhile.
runner.on("exit", (code) => {
  if (!stopping)
    console.error(`kindling: the runner stopped (exit ${code}); lab environments are unavailable`);
});
