// Next.js configuration for the Kindling web app (app/).
import path from "node:path";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The app imports lab-format code from runner/src/protocol, outside app/.
  turbopack: {
    root: path.resolve(import.meta.dirname),
    resolveAlias: {
      // monaco-yaml's worker imports this pre-0.55 path, which monaco-editor's exports map
      // no longer resolves; point it at the same file.
      "monaco-editor/esm/vs/editor/editor.worker.js":
        "./node_modules/monaco-editor/esm/vs/editor/editor.worker.js",
    },
  },
  outputFileTracingRoot: path.resolve(import.meta.dirname),
  // Keep the Postgres driver and Prisma's runtime as plain Node modules on the server.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@prisma/client"],
  // `npm run check` already lints and type-checks; the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
};

export default nextConfig;
