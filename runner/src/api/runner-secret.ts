import { randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The bearer secret the web app presents. Given by the operator, or made once and kept in
 * KINDLING_HOME/runner/secret so a local `npm start` works with no configuration.
 */
export async function resolveRunnerSecret(home: string, given?: string): Promise<string> {
  if (given) return given;
  const file = path.join(home, "runner", "secret");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  // "wx": if another process made it first, theirs wins and we read it back.
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: "wx" }).catch(() => {});
  return (await readFile(file, "utf8")).trim();
}

/** Compares `Authorization: Bearer …` in constant time. */
export function bearerMatches(header: string | undefined, secret: string): boolean {
  const presented = Buffer.from(/^Bearer (.+)$/.exec(header ?? "")?.[1] ?? "");
  const expected = Buffer.from(secret);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
