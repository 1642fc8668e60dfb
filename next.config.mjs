// Next.js configuration for the Kindling web app (app/).
import path from "node:path";

// Sent with every response. No page is meant to be framed, sniffed or to leak its URL (a
// setup link carries a token) to another site. The CSP only adds rules that Monaco's
// workers, xterm and Next's inline scripts do not need loosened; scripts and styles are
// left to the defaults.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  {
    key: "Content-Security-Policy",
    value: "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'",
  },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()",
  },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The app imports the lab format (runner/src/lab-format) and the protocol, outside app/.
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
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
