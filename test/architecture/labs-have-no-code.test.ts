// labs/ is data (docs/architecture.md): no lab may carry code that could import app/ or runner/.
// Lint cannot see a folder that has no source files, so this test guards it.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { expect, it } from "vitest";

const labsDir = path.resolve(import.meta.dirname, "../../labs");
const code = /\.(?:[cm]?[jt]sx?)$/;

it("labs/ holds no JavaScript or TypeScript", async () => {
  const files = await readdir(labsDir, { recursive: true });
  expect(files.filter((file) => code.test(file))).toEqual([]);
});
