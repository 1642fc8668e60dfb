// `npm run lint` runs this: fails when runner/src's folders import each other in a cycle
// (scripts/lib/folder-cycles.ts says why that matters).
import path from "node:path";
import { describeCycle, folderCycles, folderGraph } from "./lib/folder-cycles.ts";

const root = path.resolve(import.meta.dirname, "../runner/src");
const cycles = folderCycles(folderGraph(root));
for (const group of cycles) console.error(describeCycle(root, group));
if (cycles.length) {
  console.error(
    "runner/src: folders must not import each other in a cycle; move the shared part below both.",
  );
  process.exitCode = 1;
}
