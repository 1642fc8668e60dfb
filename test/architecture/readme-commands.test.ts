// The commands the README and labs/README.md give exist as written: every `npm run X` is a
// script of package.json, every `npx kindling …` command and option is one the CLI knows,
// and the lab.yaml example in the README is a lab the loader accepts.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadLab } from "../../runner/src/lab-format/lab-loader.ts";

const root = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

async function shellLines(file: string): Promise<string[]> {
  const text = await readFile(path.join(root, file), "utf8");
  const blocks = [...text.matchAll(/```(?:bash|sh)\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .flatMap((b) => b.split("\n"))
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter(Boolean)
    .flatMap((line) => line.split(/\s*&&\s*/));
}

describe("the README's commands", () => {
  it("name npm scripts that exist", async () => {
    const { scripts } = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    const named = (await shellLines("README.md"))
      .map(
        (line) =>
          /^npm run (?:-s )?([\w:-]+)/.exec(line)?.[1] ?? /^npm (start|test)\b/.exec(line)?.[1],
      )
      .filter((name): name is string => Boolean(name));
    expect(named.length).toBeGreaterThan(3);
    expect(named.filter((name) => !(name in scripts))).toEqual([]);
  });

  it("name kindling commands and options the CLI has", async () => {
    const commands = (await shellLines("README.md")).filter((l) => l.startsWith("npx kindling "));
    expect(commands.length).toBeGreaterThan(5);
    for (const line of commands) {
      const words = line.replace(/^npx kindling /, "").split(/\s+/);
      const verbs = words.filter(
        (w, i) => !w.startsWith("-") && words.slice(0, i).every((p) => !p.startsWith("-")),
      );
      // The command path is the leading words the CLI's help accepts; the rest are arguments.
      let known: string[] = [];
      for (let n = 1; n <= Math.min(2, verbs.length); n++) {
        const probe = verbs.slice(0, n);
        const help = await run(process.execPath, ["runner/bin/kindling.mjs", ...probe, "--help"], {
          cwd: root,
        }).catch(() => undefined);
        if (help && help.stdout.includes(`kindling ${probe.join(" ")}`)) known = probe;
      }
      expect(known.length, `README: ${line}`).toBeGreaterThan(0);
      const options = words.filter((w) => w.startsWith("--")).map((w) => w.split("=")[0]!);
      if (options.length === 0) continue;
      const { stdout } = await run(
        process.execPath,
        ["runner/bin/kindling.mjs", ...known, "--help"],
        {
          cwd: root,
        },
      );
      for (const option of options) expect(stdout, `README: ${line}`).toContain(option);
    }
  }, 120_000);

  it("show a lab.yaml that the loader accepts", async () => {
    const readme = await readFile(path.join(root, "README.md"), "utf8");
    const example = /```yaml\n(title:[\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const labs = await mkdtemp(path.join(tmpdir(), "kindling-readme-lab-"));
    try {
      await mkdir(path.join(labs, "readme-example", "steps"), { recursive: true });
      await writeFile(path.join(labs, "readme-example", "lab.yaml"), example!);
      for (const file of example!.matchAll(/file: (\S+)/g))
        await writeFile(path.join(labs, "readme-example", file[1]!), "# A step\n\nText.\n");
      const loaded = await loadLab(labs, "readme-example");
      expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    } finally {
      await rm(labs, { recursive: true, force: true });
    }
  });
});
