import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureHostLimits } from "./host-limits.ts";

async function fakeProcSys(instances: string, watches: string): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "kindling-procsys-"));
  await mkdir(path.join(root, "fs/inotify"), { recursive: true });
  await writeFile(path.join(root, "fs/inotify/max_user_instances"), instances);
  await writeFile(path.join(root, "fs/inotify/max_user_watches"), watches);
  return root;
}

describe("host limits", () => {
  it("raises the inotify limits that are too low and leaves higher ones alone", async () => {
    const root = await fakeProcSys("128\n", "1048576\n");
    expect(await ensureHostLimits(root)).toEqual([]);
    expect(await readFile(path.join(root, "fs/inotify/max_user_instances"), "utf8")).toBe("512");
    expect(await readFile(path.join(root, "fs/inotify/max_user_watches"), "utf8")).toBe(
      "1048576\n",
    );
  });

  it("says what to run when it may not raise one (not root)", async () => {
    const root = await fakeProcSys("128\n", "8192\n");
    const refuse = async () => {
      throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    };
    const problems = await ensureHostLimits(root, refuse);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/sysctl -w fs\.inotify\.max_user_instances=512/);
    expect(problems[1]).toMatch(/max_user_watches is 8192/);
  });
});
