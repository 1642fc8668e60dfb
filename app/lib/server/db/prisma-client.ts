// One Prisma client per server process, kept on globalThis so that Next's dev-mode module
// reloads do not open a new pool each time. Only repository modules import this.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { PrismaClient } from "./generated/client";

export type { PrismaClient };

export function createPrismaClient(url: string, poolMax = 10): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: poolMax }),
  });
}

const cache = globalThis as typeof globalThis & {
  kindlingPrisma?: PrismaClient;
};

export function prisma(): PrismaClient {
  if (!env.databaseUrl) {
    throw new Error("DATABASE_URL is not set: start Kindling with `npm start`, which provides one");
  }
  cache.kindlingPrisma ??= createPrismaClient(env.databaseUrl, env.databasePoolMax);
  return cache.kindlingPrisma;
}
