// Where the project's tools live, and the environment that keeps them offline.
import path from "node:path";

export const projectRoot = path.resolve(import.meta.dirname, "../..");
export const nextBin = path.join(projectRoot, "node_modules/next/dist/bin/next");
export const prismaBin = path.join(projectRoot, "node_modules/prisma/build/index.js");

export const offlineToolEnv: Record<string, string> = {
  NEXT_TELEMETRY_DISABLED: "1",
  CHECKPOINT_DISABLE: "1", // Prisma's update check
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  // `prisma generate` looks for the native schema engine although it does not use it;
  // any existing file satisfies it (migrations use the wasm engine: scripts/db/).
  PRISMA_SCHEMA_ENGINE_BINARY: path.join(projectRoot, "prisma/schema.prisma"),
};
