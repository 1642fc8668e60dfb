import { describe, expect, it } from "vitest";
import {
  chooseHomeFiles,
  MAX_FILE_BYTES,
  MAX_FILES,
  MAX_TOTAL_BYTES,
  parseHomeListing,
} from "./home-files.ts";

describe("home files kept for Resume", () => {
  it("reads find's NUL-separated listing, spaces in names included", () => {
    expect(parseHomeListing("120 svc.yaml\u000042 my notes.txt\u0000")).toEqual([
      { size: 120, path: "svc.yaml" },
      { size: 42, path: "my notes.txt" },
    ]);
  });

  it("keeps small files and names the ones too large to keep", () => {
    const chosen = chooseHomeFiles([
      { path: "dump.bin", size: MAX_FILE_BYTES + 1 },
      { path: "svc.yaml", size: 300 },
    ]);
    expect(chosen).toEqual({ files: ["svc.yaml"], left: ["dump.bin"] });
  });

  it("stops at the total size, smallest files first", () => {
    const big = MAX_FILE_BYTES;
    const entries = Array.from({ length: MAX_TOTAL_BYTES / big + 1 }, (_, i) => ({
      path: `big-${i}`,
      size: big,
    }));
    const chosen = chooseHomeFiles([...entries, { path: "note", size: 10 }]);
    expect(chosen.files).toContain("note");
    expect(chosen.files).toHaveLength(MAX_TOTAL_BYTES / big);
    expect(chosen.left).toHaveLength(2);
  });

  it("stops at the number of files", () => {
    const entries = Array.from({ length: MAX_FILES + 5 }, (_, i) => ({ path: `f${i}`, size: 1 }));
    const chosen = chooseHomeFiles(entries);
    expect(chosen.files).toHaveLength(MAX_FILES);
    expect(chosen.left).toHaveLength(5);
  });
});
