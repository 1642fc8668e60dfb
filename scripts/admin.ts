// `npm run admin -- <command>`: the operator's way to manage roles from a shell, e.g. to make
// the first admin of an installation whose first account was not meant to be one, or to
// recover when no admin can sign in.
//
//   npm run admin -- list
//   npm run admin -- grant EMAIL learner|instructor|admin
//   npm run admin -- setup-link [--if-no-admin]   (a one-time link that makes an admin)
//
// It uses DATABASE_URL when set (a real PostgreSQL, or the embedded database of a running
// Kindling at the URL `npm start` printed), and otherwise opens the embedded database in
// KINDLING_DATA_DIR itself — only while Kindling is stopped, as PGlite allows one process.
// Runs with `--conditions=react-server` so that the app's server-only modules load here.
import {
  ADMIN_SETUP_TTL_MINUTES,
  AdminSetupRepository,
  adminSetupPath,
} from "../app/lib/server/admin-setup-repository.ts";
import { createPrismaClient } from "../app/lib/server/db/prisma-client.ts";
import { ROLES, UserRoleRepository } from "../app/lib/server/user-role-repository.ts";
import type { UserRole } from "../app/lib/server/user-repository.ts";
import { startEmbeddedDatabase } from "./db/embedded-database.ts";
import { applyMigrations } from "./db/migrations.ts";
import { readScriptEnv } from "./script-env.ts";

const USAGE =
  "usage: npm run admin -- list | grant EMAIL learner|instructor|admin | setup-link [--if-no-admin]";

async function main(args: string[]): Promise<number> {
  const [command, email, roleName] = args;
  const role = roleName?.toUpperCase() as UserRole | undefined;
  if (command === "grant" && (!email || !role || !ROLES.includes(role))) return usage();
  if (command === "setup-link" && args.length > 1 && args[1] !== "--if-no-admin") return usage();
  if (command !== "grant" && command !== "list" && command !== "setup-link") return usage();

  const env = readScriptEnv();
  await using embedded = env.databaseUrl
    ? undefined
    : await startEmbeddedDatabase({ dataDir: env.pgliteDir });
  const url = env.databaseUrl ?? embedded!.url;
  // A fresh installation may not have been started yet: bring its schema up to date first.
  await applyMigrations(url);
  const db = createPrismaClient(url, 1);
  try {
    if (command === "setup-link") return await printSetupLink(db, args[1] === "--if-no-admin");
    const roles = new UserRoleRepository(db);
    if (command === "list") {
      const users = await roles.list();
      if (users.length === 0)
        console.log("no accounts yet: make the first admin with `npm run admin -- setup-link`");
      for (const user of users)
        console.log(`${user.role.toLowerCase().padEnd(10)} ${user.email}  ${user.name}`);
      return 0;
    }
    const result = await roles.setRoleByEmail(email!, role!);
    if (result.ok) {
      console.log(
        result.changed
          ? `${result.user.email} is now ${role!.toLowerCase()}`
          : `${result.user.email} was already ${role!.toLowerCase()}`,
      );
      return 0;
    }
    console.error(
      result.reason === "last-admin"
        ? `not changed: ${email} is the last admin; grant admin to someone else first`
        : `no account with the email ${email}: sign up first, then run this again`,
    );
    return 1;
  } finally {
    await db.$disconnect();
  }
}

/** While no admin exists: a fresh one-time link, printed for the operator to open. */
async function printSetupLink(
  db: ReturnType<typeof createPrismaClient>,
  quietIfAdmin: boolean,
): Promise<number> {
  const issued = await new AdminSetupRepository(db).issue();
  if (!issued) {
    if (quietIfAdmin) return 0;
    console.error("not needed: this installation has an admin (see `npm run admin -- list`)");
    return 1;
  }
  const url = `${readScriptEnv().siteUrl}${adminSetupPath(issued.token)}`;
  console.log(
    `kindling: no admin yet. Open this link within ${ADMIN_SETUP_TTL_MINUTES} minutes, signed in ` +
      `as the account that will administer Kindling (it works once):\n  ${url}`,
  );
  return 0;
}

function usage(): number {
  console.error(USAGE);
  return 2;
}

const code = await main(process.argv.slice(2));
// A driver timer (pg's idle timeout) would otherwise hold the process open.
process.exit(code);
