import { randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** Shorter secrets can be guessed; an empty one must never read as "no secret". */
export const MIN_RUNNER_SECRET_LENGTH = 32;

export class RunnerSecretError extends Error {
  override name = "RunnerSecretError";
}

/** Refuses a secret that is empty or short, naming where it came from. */
export function checkRunnerSecret(secret: string, source: string): string {
  if (secret.length === 0)
    throw new RunnerSecretError(
      `${source} is empty: a runner secret needs at least ${MIN_RUNNER_SECRET_LENGTH} characters`,
    );
  if (secret.length < MIN_RUNNER_SECRET_LENGTH)
    throw new RunnerSecretError(
      `${source} is too short (${secret.length} characters): a runner secret needs at least ${MIN_RUNNER_SECRET_LENGTH}`,
    );
  return secret;
}

/**
 * The bearer secret the web app presents. Given by the operator, or made once and kept in
 * KINDLING_HOME/runner/secret so a local `npm start` works with no configuration. A given
 * secret or a secret file that is empty or short is an error, never a reason to make one.
 */
export async function resolveRunnerSecret(home: string, given?: string): Promise<string> {
  if (given !== undefined) return checkRunnerSecret(given, "KINDLING_RUNNER_SECRET");
  const file = path.join(home, "runner", "secret");
  const existing = await readSecretFile(file);
  if (existing !== undefined) return existing;
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  // "wx": if another process made it first, theirs wins and we read it back.
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: "wx" }).catch(() => {});
  return (await readSecretFile(file)) ?? checkRunnerSecret("", `the runner secret file ${file}`);
}

async function readSecretFile(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return checkRunnerSecret(
    text.trim(),
    `the runner secret file ${file} (delete it to have a new one made)`,
  );
}

/** Compares `Authorization: Bearer …` in constant time. */
export function bearerMatches(header: string | undefined, secret: string): boolean {
  const presented = Buffer.from(/^Bearer (.+)$/.exec(header ?? "")?.[1] ?? "");
  const expected = Buffer.from(secret);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
