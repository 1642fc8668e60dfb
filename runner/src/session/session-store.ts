import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { env } from "../env.ts";
import { type SessionRecord, sessionRecordSchema } from "./session-record.ts";

/** A pool environment; recorded before it is made, so a crash mid-way leaves a name to reap. */
export const poolRecordSchema = z.object({
  environment: z.string(),
  topology: z.string(),
  state: z.enum(["provisioning", "ready"]),
  readyAt: z.number().optional(),
});
export type PoolRecord = z.infer<typeof poolRecordSchema>;

export const stateSchema = z.object({
  version: z.literal(1),
  /** Prefixes this runner's environment names, so it reaps its own and nobody else's. */
  runnerId: z.string().regex(/^[0-9a-f]{6}$/),
  sessions: z.array(sessionRecordSchema),
  pool: z.array(poolRecordSchema),
});
export type RunnerState = z.infer<typeof stateSchema>;

/** Where a runner keeps its state: a file here, or an object on a host cluster. */
export interface RunnerStateStore {
  load(): Promise<RunnerState>;
  save(state: RunnerState): Promise<void>;
}

/** A new runner's state: no sessions, no pool, a runner id of its own. */
export const freshState = (): RunnerState => ({
  version: 1,
  runnerId: randomBytes(3).toString("hex"),
  sessions: [],
  pool: [],
});

/** The state's JSON text checked against its schema; `where` names it in the error. */
export function parseState(text: string, where: string): RunnerState {
  const parsed = stateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${where} is not valid runner state (${issue?.path.join(".")}: ${issue?.message}); move it aside to start afresh`,
    );
  }
  return parsed.data;
}

/**
 * The runner's state in one JSON file, replaced atomically (write a temporary file, then
 * rename over the old one) so a crash mid-write leaves the previous state, never half a file.
 * Writes are queued so that two saves never interleave.
 */
export class SessionStore implements RunnerStateStore {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  async load(): Promise<RunnerState> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return freshState();
      throw error;
    }
    return parseState(text, this.file);
  }

  save(state: RunnerState): Promise<void> {
    const text = `${JSON.stringify(state, null, 2)}\n`;
    const write = async () => {
      await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const temporary = `${this.file}.${process.pid}.tmp`;
      await writeFile(temporary, text, { mode: 0o600, flush: true });
      await rename(temporary, this.file);
    };
    const next = this.queue.then(write, write);
    this.queue = next.catch(() => {});
    return next;
  }
}

export type { SessionRecord };

/** Where a runner whose home is `home` keeps its state. */
export const runnerStateFile = (home: string) => path.join(home, "runner", "state.json");

/** The store `kindling serve` uses under KINDLING_HOME. */
export const runnerStore = () => new SessionStore(runnerStateFile(env.KINDLING_HOME));
