// `npm run bench`: measured figures for what exists so far. Prints p50/p95 of loading the
// lab catalogue from disk and of typical database queries on the embedded database,
// plus this process's memory. Bounded in count; touches only loopback and a temp folder.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { loadLabs } from "../runner/src/protocol/lab-loader.ts";
import { PrismaClient } from "../app/lib/server/db/generated/client.ts";
import { startEmbeddedDatabase } from "./db/embedded-database.ts";
import { applyMigrations, projectRoot } from "./db/migrations.ts";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(label: string, runs: number, body: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await body(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  console.log(
    `${label.padEnd(34)} n=${runs}  p50 ${ms(percentile(times, 50))}  p95 ${ms(percentile(times, 95))}`,
  );
}

const labsDir = path.join(projectRoot, "labs");
await measure("catalogue load (all labs)", 100, () => loadLabs(labsDir));

const dataDir = await mkdtemp(path.join(tmpdir(), "kindling-bench-"));
try {
  const start = performance.now();
  const db = await startEmbeddedDatabase({
    dataDir: path.join(dataDir, "pglite"),
  });
  await applyMigrations(db.url);
  console.log(
    `${"embedded db start + migrate".padEnd(34)} ${(performance.now() - start).toFixed(0)} ms`,
  );
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: db.url, max: 1 }),
  });
  await measure("db insert user", 200, (i) =>
    prisma.user.create({
      data: { email: `bench-${i}@example.test`, name: "Bench" },
    }),
  );
  await measure("db find user by email", 200, (i) =>
    prisma.user.findUnique({ where: { email: `bench-${i}@example.test` } }),
  );
  await prisma.$disconnect();
  await db.stop();
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

const { rss, heapUsed } = process.memoryUsage();
const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
console.log(`${"memory (bench process)".padEnd(34)} rss ${mib(rss)}  heap ${mib(heapUsed)}`);
// pg's idle timer would hold the process open for 10 s.
process.exit(0);
