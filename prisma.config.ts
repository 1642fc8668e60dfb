// Prisma CLI configuration. Only `prisma generate` is run through the CLI here: migrations
// go through scripts/db/migrate.ts, which drives Prisma's own schema engine compiled to
// WebAssembly, so no native engine has to be downloaded (see README, "Database").
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
