import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearerMatches, checkRunnerSecret, resolveRunnerSecret } from "./runner-secret.ts";

const good = "0123456789abcdef0123456789abcdef";
let home: string;
const secretFile = () => path.join(home, "runner", "secret");

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), "kindling-secret-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function writeSecretFile(text: string): Promise<void> {
  await mkdir(path.dirname(secretFile()), { recursive: true });
  await writeFile(secretFile(), text);
}

describe("resolveRunnerSecret", () => {
  it("makes a secret once when none exists, and keeps it", async () => {
    const made = await resolveRunnerSecret(home);
    expect(made.length).toBeGreaterThanOrEqual(32);
    expect((await readFile(secretFile(), "utf8")).trim()).toBe(made);
    expect(await resolveRunnerSecret(home)).toBe(made);
  });

  it("uses the operator's secret as given", async () => {
    expect(await resolveRunnerSecret(home, good)).toBe(good);
  });

  it("refuses an empty or short given secret instead of making one", async () => {
    await expect(resolveRunnerSecret(home, "")).rejects.toThrow("KINDLING_RUNNER_SECRET is empty");
    await expect(resolveRunnerSecret(home, "short")).rejects.toThrow(
      "KINDLING_RUNNER_SECRET is too short (5 characters)",
    );
  });

  it("refuses an empty, blank or short secret file and leaves it alone", async () => {
    for (const text of ["", "\n", "   \n", "tooshort\n"]) {
      await writeSecretFile(text);
      await expect(resolveRunnerSecret(home)).rejects.toThrow(
        /runner secret file .* is (empty|too short)/,
      );
      expect(await readFile(secretFile(), "utf8")).toBe(text);
    }
  });

  it("accepts a secret file of 32 characters or more", async () => {
    await writeSecretFile(`${good}\n`);
    expect(await resolveRunnerSecret(home)).toBe(good);
  });
});

describe("checkRunnerSecret", () => {
  it("draws the line at 32 characters", () => {
    expect(() => checkRunnerSecret(good.slice(1), "x")).toThrow("too short (31 characters)");
    expect(checkRunnerSecret(good, "x")).toBe(good);
  });
});

describe("bearerMatches", () => {
  it("matches only the exact secret", () => {
    expect(bearerMatches(`Bearer ${good}`, good)).toBe(true);
    expect(bearerMatches(`Bearer ${good}x`, good)).toBe(false);
    expect(bearerMatches(undefined, good)).toBe(false);
  });
});
