// Every setting the code reads is in the README's configuration table, and the table names
// nothing the code does not read: the three env modules are the only readers of process.env.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appEnvSchema } from "@/lib/env";
import { runnerEnvSchema } from "../../runner/src/env.ts";
import { scriptEnvSchema } from "../../scripts/script-env.ts";

const root = path.resolve(import.meta.dirname, "../..");

/** Set by Node or Next themselves, not by an operator. */
const NOT_SETTINGS = new Set(["NODE_ENV", "DATABASE_POOL_MAX"]);

function readmeTable(): Set<string> {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const start = readme.indexOf("\n## Configuration");
  const end = readme.indexOf("\n## ", start + 1);
  expect(start, "README.md has a Configuration section").toBeGreaterThan(0);
  const names = [...readme.slice(start, end).matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`/gm)].map(
    (m) => m[1]!,
  );
  return new Set(names);
}

describe("the README's configuration table", () => {
  const read = new Set(
    [appEnvSchema, runnerEnvSchema, scriptEnvSchema]
      .flatMap((schema) => Object.keys(schema.shape))
      .filter((name) => !NOT_SETTINGS.has(name)),
  );
  const documented = readmeTable();

  it("lists every setting the code reads", () => {
    expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
  });

  it("lists nothing the code does not read", () => {
    expect([...documented].filter((name) => !read.has(name)).sort()).toEqual([]);
  });
});
