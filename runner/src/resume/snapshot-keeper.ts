// The WorkKeeper of real environments: snapshots taken from Docker-backed environments and
// kept as one JSON file per session under the runner's home, where the site reads them
// (GET /v1/sessions/:id/snapshot) into its database. The file is only the hand-over: it
// goes when the runner forgets the session, a day after it ended.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { LabEnvironment } from "../environment/lab-environment.ts";
import { type WorkSnapshot, workSnapshotSchema } from "../protocol/resume-api.ts";
import type { WorkKeeper } from "../session/work-keeping.ts";
import { restoreSnapshot } from "./restore-snapshot.ts";
import { takeSnapshot } from "./take-snapshot.ts";

const SESSION_FILE = /^(s[0-9a-f]{20})\.json$/;

export class SnapshotKeeper implements WorkKeeper {
  constructor(private readonly folder: string) {}

  /** Where a runner whose home is `home` keeps snapshots. */
  static under(home: string): SnapshotKeeper {
    return new SnapshotKeeper(path.join(home, "runner", "snapshots"));
  }

  async take(sessionId: string, environment: string): Promise<number> {
    const snapshot = await takeSnapshot(await LabEnvironment.attach(environment));
    await this.write(sessionId, snapshot);
    return Date.parse(snapshot.takenAt);
  }

  async read(sessionId: string): Promise<WorkSnapshot | undefined> {
    try {
      return workSnapshotSchema.parse(JSON.parse(await readFile(this.file(sessionId), "utf8")));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async restore(environment: string, snapshot: WorkSnapshot) {
    return restoreSnapshot(await LabEnvironment.attach(environment), snapshot);
  }

  async forgetAllBut(sessionIds: ReadonlySet<string>): Promise<void> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    for (const name of names) {
      const id = SESSION_FILE.exec(name)?.[1];
      if (id && !sessionIds.has(id)) await rm(path.join(this.folder, name), { force: true });
    }
  }

  async write(sessionId: string, snapshot: WorkSnapshot): Promise<void> {
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    const temporary = `${this.file(sessionId)}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(snapshot), { mode: 0o600 });
    await rename(temporary, this.file(sessionId));
  }

  private file(sessionId: string): string {
    if (!/^s[0-9a-f]{20}$/.test(sessionId)) throw new Error(`not a session id: ${sessionId}`);
    return path.join(this.folder, `${sessionId}.json`);
  }
}
