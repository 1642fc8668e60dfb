// `npm run db:migrate -- deploy` applies migrations to the configured database (DATABASE_URL,
// or the embedded one in KINDLING_DATA_DIR); `npm run db:migrate -- new <name>` writes a
// new migration from changes to prisma/schema.prisma. Stands in for `prisma migrate
// deploy` / `prisma migrate dev --create-only`, which need Prisma's native engine.
import { readScriptEnv } from "../script-env.ts";
import { startEmbeddedDatabase } from "./embedded-database.ts";
import { applyMigrations, createMigration } from "./migrations.ts";

async function deploy(): Promise<void> {
  const env = readScriptEnv();
  if (env.databaseUrl) {
    report(await applyMigrations(env.databaseUrl));
    return;
  }
  await using db = await startEmbeddedDatabase({ dataDir: env.pgliteDir });
  report(await applyMigrations(db.url));
}

function report(applied: string[]): void {
  console.log(applied.length ? `db: applied ${applied.join(", ")}` : "db: migrations up to date");
}

const [command, name] = process.argv.slice(2);
if (command === "deploy") {
  await deploy();
} else if (command === "new" && name && /^[a-z0-9_]+$/.test(name)) {
  const folder = await createMigration(name);
  console.log(folder ? `db: wrote ${folder}` : "db: schema unchanged, no migration written");
} else {
  console.error("usage: db:migrate deploy | db:migrate new <snake_case_name>");
  process.exitCode = 2;
}
// A driver timer (pg's idle timeout, 10 s) would otherwise hold the process open.
process.exit();
