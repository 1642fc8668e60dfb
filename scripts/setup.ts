// `npm run setup`: everything `npm start` and `npm test` need, each step skipped when its
// output is up to date: Prisma client generated, migrations applied, production build.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { lock } from "proper-lockfile";
import { startEmbeddedDatabase } from "./db/embedded-database.ts";
import { applyMigrations } from "./db/migrations.ts";
import { hashInputs, isFresh, writeStamp } from "./lib/input-stamp.ts";
import { run } from "./lib/run.ts";
import { nextBin, offlineToolEnv, prismaBin, projectRoot } from "./lib/tools.ts";
import { readScriptEnv } from "./script-env.ts";

const generatedDir = path.join(projectRoot, "app/lib/server/db/generated");

async function toolVersion(name: string): Promise<string> {
  const manifest = await readFile(
    path.join(projectRoot, "node_modules", name, "package.json"),
    "utf8",
  );
  return (JSON.parse(manifest) as { version: string }).version;
}

export async function generatePrismaClient(): Promise<void> {
  const hash = await hashInputs(projectRoot, ["prisma/schema.prisma"], await toolVersion("prisma"));
  const stamp = path.join(generatedDir, ".kindling-stamp");
  if (await isFresh(stamp, hash)) return;
  await run(process.execPath, [prismaBin, "generate"], offlineToolEnv);
  await writeStamp(stamp, hash);
}

export async function migrateDatabase(): Promise<void> {
  const env = readScriptEnv();
  if (env.databaseUrl) {
    await logApplied(await applyMigrations(env.databaseUrl));
    return;
  }
  await using db = await startEmbeddedDatabase({ dataDir: env.pgliteDir });
  await logApplied(await applyMigrations(db.url));
}

async function logApplied(names: string[]): Promise<void> {
  if (names.length) console.log(`setup: applied migrations ${names.join(", ")}`);
}

const buildInputs = [
  "app",
  "runner/src/protocol",
  "runner/src/lab-format",
  "next.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];

export async function buildWebApp(): Promise<void> {
  const hash = await hashInputs(projectRoot, buildInputs, await toolVersion("next"));
  const stamp = path.join(projectRoot, ".next/kindling-build-stamp");
  if (await isFresh(stamp, hash)) return;
  await mkdir(path.join(projectRoot, ".data"), { recursive: true });
  // Two set-ups at once (a test run beside `npm start`) would build into one .next and break
  // each other: the second waits, then finds the build fresh. A lock left by a killed
  // process goes stale and is taken over.
  const release = await lock(projectRoot, {
    lockfilePath: path.join(projectRoot, ".data/next-build.lock"),
    retries: { retries: 300, minTimeout: 1000, maxTimeout: 2000 },
    stale: 60_000,
  });
  try {
    if (await isFresh(stamp, hash)) return;
    console.log("setup: building the web app (next build)…");
    await run(process.execPath, [nextBin, "build"], offlineToolEnv);
    await writeStamp(stamp, hash);
  } finally {
    await release();
  }
}

export async function setup(options: { migrate: boolean } = { migrate: true }): Promise<void> {
  const started = performance.now();
  await generatePrismaClient();
  if (options.migrate) await migrateDatabase();
  await buildWebApp();
  console.log(`setup: ready (${Math.round(performance.now() - started)} ms)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await setup();
  // A driver timer (pg's idle timeout, 10 s) would otherwise hold the process open.
  process.exit(0);
}
