// The embedded default database: PGlite (Postgres compiled to WebAssembly) persisted to a
// folder and served on a loopback port over the Postgres wire protocol. Serving it over a
// socket (rather than using a PGlite-specific Prisma adapter) lets the app, the migrator
// and the tests use the same @prisma/adapter-pg code path as a real PostgreSQL.
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface StartedEmbeddedDatabase extends AsyncDisposable {
  /** postgresql:// URL of the loopback server. */
  readonly url: string;
  /**
   * PGlite runs one query at a time, and a transaction must not interleave with
   * another client's queries, so clients should keep to a single connection.
   */
  readonly maxClientConnections: 1;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Folder holding the database files; undefined keeps everything in memory. */
  dataDir?: string;
  /** Loopback port; 0 picks a free one. */
  port?: number;
}

export async function startEmbeddedDatabase(
  options: EmbeddedDatabaseOptions = {},
): Promise<StartedEmbeddedDatabase> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port ?? 0,
    // Pool clients, the migrator and a psql session may be connected at once; queries
    // are queued by the server.
    maxConnections: 16,
  });
  await server.start();
  const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await server.stop();
      await db.close();
    })();
    return stopped;
  };
  return { url, maxClientConnections: 1, stop, [Symbol.asyncDispose]: stop };
}
