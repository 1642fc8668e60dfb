// Resume where you left off: the runner keeps a learner's work when their session ends (and
// now and then while it runs); the site copies it into its database, offers it when the
// learner comes back to the lab, and hands it to the runner for a fresh environment.
import "server-only";
import type { Lab } from "@kindling/lab-format/lab-format";
import { objectLabel } from "@kindling/protocol/resume-api";
import type { CurrentUser } from "./auth/current-user";
import { prisma } from "./db/prisma-client";
import type { LabSessionDto } from "./lab-session-repository";
import { requestRunnerSession, sessions } from "./lab-session-service";
import { RunnerUnavailable, runnerClient } from "./runner-client";
import { WorkSnapshotRepository } from "./work-snapshot-repository";

export const snapshots = () => new WorkSnapshotRepository(prisma());

/** What the lab page offers to resume, in words and lists a learner reads. */
export interface ResumeOffer {
  sessionId: string;
  takenAt: Date;
  /** 0-based step the learner was on. */
  step: number;
  objects: string[];
  files: string[];
  left: string[];
}

/**
 * Copies the runner's latest snapshot of the session into the database when it is newer
 * than the stored one (`knownAt`: the runner's snapshot time, when the caller has it).
 * A runner that kept nothing, or forgot the session, leaves what is stored.
 */
export async function importSnapshot(session: LabSessionDto, knownAt?: string): Promise<void> {
  if (!session.runnerSessionId) return;
  const stored = await snapshots().takenAt(session.id);
  if (knownAt && stored && stored >= new Date(knownAt)) return;
  try {
    const snapshot = await runnerClient.sessionSnapshot(session.runnerSessionId);
    await snapshots().save(session.id, snapshot);
  } catch (error) {
    if (!(error instanceof RunnerUnavailable)) throw error;
  }
}

/** The learner's last finished run of the lab, when work of it was kept. */
export async function resumeOffer(user: CurrentUser, lab: Lab): Promise<ResumeOffer | null> {
  const last = await sessions().findLastFinished(user.id, lab.slug);
  if (!last) return null;
  // The runner keeps the last snapshot as the environment goes; it may be newer than ours.
  await importSnapshot(last);
  const snapshot = await snapshots().find(last.id);
  if (!snapshot) return null;
  return {
    sessionId: last.id,
    takenAt: new Date(snapshot.takenAt),
    step: Math.min(last.currentStep, lab.steps.length - 1),
    objects: snapshot.objects.map(objectLabel),
    files: snapshot.home.files,
    left: snapshot.home.left,
  };
}

/**
 * Opens the same run of the lab again (its progress, files and attempts stay) in a fresh
 * environment that gets the lab's setup and then the kept work.
 */
export async function resumeSession(
  user: CurrentUser,
  lab: Lab,
  sessionId: string,
): Promise<LabSessionDto | null> {
  const last = await sessions().findLastFinished(user.id, lab.slug);
  if (!last || last.id !== sessionId) return null;
  if (!(await snapshots().takenAt(last.id))) return null;
  const session = await sessions().reopen(
    last.id,
    new Date(Date.now() + lab.durationMinutes * 2 * 60_000),
  );
  // The stored snapshot goes with the request (lab-session-service.ts).
  return requestRunnerSession(session);
}
