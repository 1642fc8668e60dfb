// Starting, resuming and reading a learner's lab session: the app's record (database) and
// the runner's environment, kept in step. Only the owner ever gets a session back.
import "server-only";
import type { Lab } from "@kindling/lab-format/lab-format";
import type { SessionView } from "@kindling/protocol/runner-api";
import type { CurrentUser } from "./auth/current-user";
import { prisma } from "./db/prisma-client";
import { LabSessionRepository, type LabSessionDto } from "./lab-session-repository";
import { RunnerUnavailable, runnerClient } from "./runner-client";
import { WorkSnapshotRepository } from "./work-snapshot-repository";

export const sessions = () => new LabSessionRepository(prisma());

/** The session if `user` owns it; otherwise null, so callers answer 404 either way. */
export async function getOwnedSession(
  user: CurrentUser,
  sessionId: string,
): Promise<LabSessionDto | null> {
  if (!/^[a-z0-9]{10,40}$/.test(sessionId)) return null;
  const session = await sessions().findById(sessionId);
  return session && session.userId === user.id ? session : null;
}

/** Resumes the learner's open session of the lab, or records a new one and asks for an environment. */
export async function startOrResume(user: CurrentUser, lab: Lab): Promise<LabSessionDto> {
  const open = await sessions().findOpen(user.id, lab.slug);
  const session =
    open ??
    (await sessions().create({
      userId: user.id,
      labSlug: lab.slug,
      // Until the runner reports its own expiry; twice the lab's estimate.
      expiresAt: new Date(Date.now() + lab.durationMinutes * 2 * 60_000),
    }));
  return session.runnerSessionId ? session : requestRunnerSession(session);
}

/**
 * Asks the runner for a session (it makes the environment); a refusal is recorded as the
 * reason. When work of this run of the lab was kept (Resume, or a retry after its
 * environment was lost), the runner puts it back after the lab's setup.
 */
export async function requestRunnerSession(session: LabSessionDto): Promise<LabSessionDto> {
  try {
    const kept = await new WorkSnapshotRepository(prisma()).find(session.id);
    const view = await runnerClient.createSession(
      session.labSlug,
      session.userId,
      kept ?? undefined,
    );
    return await sessions().update(session.id, {
      runnerSessionId: view.id,
      reason: null,
      ...fromView(view),
    });
  } catch (error) {
    if (!(error instanceof RunnerUnavailable)) throw error;
    return sessions().update(session.id, { reason: error.message });
  }
}

/** The parts of the runner's view the app keeps. */
export function fromView(view: SessionView): Partial<LabSessionDto> {
  const status =
    view.state === "failed"
      ? "FAILED"
      : view.state === "ended"
        ? "ENDED"
        : view.state === "provisioning"
          ? "STARTING"
          : "READY";
  return {
    status,
    ...(view.expiresAt ? { expiresAt: new Date(view.expiresAt) } : {}),
    ...(view.reason && (status === "FAILED" || status === "ENDED") ? { reason: view.reason } : {}),
  };
}
