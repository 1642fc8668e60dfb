import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { describeCycle, folderCycles, folderGraph } from "./folder-cycles.ts";

let root = "";

async function tree(files: Record<string, string>): Promise<string> {
  root = await mkdtemp(path.join(tmpdir(), "folder-cycles-"));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  return root;
}

afterEach(() => rm(root, { recursive: true, force: true }));

describe("folder cycles", () => {
  it("finds two folders that import each other, naming the imports", async () => {
    await tree({
      "api/handler.ts": 'import { a } from "../player/routes.ts";',
      "player/routes.ts": 'import type { B } from "../api/json.ts";\nexport const a = 1;',
      "api/json.ts": "export type B = 1;",
      "util/x.ts": "export const x = 1;",
    });
    const cycles = folderCycles(folderGraph(root));
    expect(cycles).toEqual([["api", "player"]]);
    expect(describeCycle(root, cycles[0]!)).toContain("player/routes.ts → ../api/json.ts");
  });

  it("sees a longer cycle and dynamic imports, and accepts layers", async () => {
    await tree({
      "a/one.ts": 'import "../b/two.ts";',
      "b/two.ts": 'const c = await import("../c/three.ts");',
      "c/three.ts": 'export * from "../a/one.ts";',
      "d/four.ts": 'import "../a/one.ts";',
    });
    expect(folderCycles(folderGraph(root))).toEqual([["a", "b", "c"]]);
  });

  it("leaves out tests and imports within a folder or outside the root", async () => {
    await tree({
      "api/handler.ts": 'import "../player/routes.ts";\nimport "./json.ts";\nimport "../../x.ts";',
      "api/json.ts": "",
      "player/routes.ts": "",
      "player/routes.int.test.ts": 'import "../api/handler.ts";',
      "server.ts": 'import "./api/handler.ts";',
    });
    const graph = folderGraph(root);
    expect(folderCycles(graph)).toEqual([]);
    expect([...graph.get("api")!]).toEqual(["player"]);
    expect([...graph.get("server.ts")!]).toEqual(["api"]);
  });
});
