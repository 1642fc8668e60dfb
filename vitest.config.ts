// Test projects, selected by file name: `unit` (fast, no Docker), `int` (*.int.test.ts:
// Docker, clusters, databases; sequential, because one Docker engine on two cores is the
// bottleneck), `host` (*.host.test.ts: clusters of clusters, run through
// scripts/host-suite.ts only when their inputs changed), `security` (test/security/) and
// `e2e` (test/e2e/: a real browser against a production build).
import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

const root = import.meta.dirname;
const ignored = [...configDefaults.exclude, ".next/**", ".data/**", "test-results/**"];

export default defineConfig({
  resolve: {
    alias: {
      "@kindling/protocol": path.join(root, "runner/src/protocol"),
      "@kindling/lab-format": path.join(root, "runner/src/lab-format"),
      "@": path.join(root, "app"),
      // Repositories are server-only modules; under Node tests there is no client bundle.
      "server-only": path.join(root, "test/support/server-only-stub.ts"),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: [
            ...ignored,
            "**/*.int.test.ts",
            "**/*.host.test.ts",
            "test/e2e/**",
            "test/security/**",
          ],
        },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["**/*.int.test.ts"],
          exclude: [...ignored, "test/e2e/**", "test/security/**"],
          testTimeout: 20 * 60_000,
          hookTimeout: 20 * 60_000,
          fileParallelism: false,
        },
      },
      {
        // A host Kubernetes cluster made here (the Kubernetes backend, Kindling deployed on it)
        // and kind's own clusters from the node image: some 20 minutes, so scripts/host-suite.ts
        // runs this project only when what it exercises changed.
        extends: true,
        test: {
          name: "host",
          include: ["**/*.host.test.ts"],
          exclude: [...ignored, "test/e2e/**", "test/security/**"],
          testTimeout: 20 * 60_000,
          hookTimeout: 20 * 60_000,
          fileParallelism: false,
        },
      },
      {
        // The hostile-learner suite (test/security/): attacks on real environments, the web
        // app and the runner, printed as one table by its reporter.
        extends: true,
        test: {
          name: "security",
          include: ["test/security/**/*.security.test.ts"],
          globalSetup: ["test/security/host-as-before.ts"],
          exclude: ignored,
          testTimeout: 20 * 60_000,
          hookTimeout: 20 * 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          exclude: ignored,
          testTimeout: 5 * 60_000,
          hookTimeout: 10 * 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
