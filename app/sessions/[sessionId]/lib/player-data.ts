// Server side of the player: reads the session's progress and environment into the plain
// shapes the player shows.
import "server-only";
import type { Lab } from "@kindling/lab-format/lab-format";
import { parseStepBlocks } from "@kindling/lab-format/step-blocks";
import { prisma } from "@/lib/server/db/prisma-client";
import { EditorFileRepository } from "@/lib/server/editor-file-repository";
import type { LabSessionDto } from "@/lib/server/lab-session-repository";
import { fromView, sessions } from "@/lib/server/lab-session-service";
import { RunnerUnavailable, runnerClient } from "@/lib/server/runner-client";
import { importSnapshot } from "@/lib/server/resume-service";
import { StepProgressRepository } from "@/lib/server/step-progress-repository";
import { furthestOpenStep, type StepGate } from "./gating";
import type { PlayerEnvironment, PlayerFile, PlayerStep, PlayerStepProgress } from "./player-types";

export const stepProgress = () => new StepProgressRepository(prisma());
export const editorFiles = () => new EditorFileRepository(prisma());

export function playerSteps(lab: Lab): PlayerStep[] {
  return lab.steps.map((step) => ({
    id: step.id,
    title: step.title,
    markdown: step.markdown,
    gated: step.gated,
    hintCount: step.hints.length,
    hasSolution: Boolean(step.solution),
    checks: step.checks.map((check) => ({ id: check.id, description: check.description })),
  }));
}

export async function playerProgress(lab: Lab, sessionId: string): Promise<PlayerStepProgress[]> {
  const rows = new Map((await stepProgress().list(sessionId)).map((r) => [r.stepIndex, r]));
  return lab.steps.map((step, index) => {
    const row = rows.get(index);
    const hintsUsed = Math.min(row?.hintsUsed ?? 0, step.hints.length);
    return {
      // Passed, and the cluster has not been reset to before the step since.
      completed: Boolean(row?.completedAt) && !row?.reopenedAt,
      hintsUsed,
      hints: step.hints.slice(0, hintsUsed),
      solutionRevealed: row?.solutionRevealed ?? false,
      attempts: row?.attempts ?? 0,
    };
  });
}

export function gates(lab: Lab, progress: PlayerStepProgress[]): StepGate[] {
  return lab.steps.map((step, index) => ({
    gated: step.gated,
    hasChecks: step.checks.length > 0,
    completed: progress[index]?.completed ?? false,
  }));
}

export function openUpTo(lab: Lab, progress: PlayerStepProgress[]): number {
  return furthestOpenStep(gates(lab, progress));
}

/** Every `file=` block of the lab, with the learner's saved text where there is one. */
export async function playerFiles(lab: Lab, sessionId: string): Promise<PlayerFile[]> {
  const saved = new Map((await editorFiles().list(sessionId)).map((f) => [f.name, f.content]));
  const files = new Map<string, string>();
  for (const step of lab.steps)
    for (const block of parseStepBlocks(step.markdown).blocks)
      if (block.kind === "file" && !files.has(block.name))
        files.set(block.name, saved.get(block.name) ?? `${block.code}\n`);
  for (const [name, content] of saved) if (!files.has(name)) files.set(name, content);
  return [...files].map(([name, content]) => ({ name, content }));
}

/** Asks the runner how the environment is doing and keeps the app's record in step. */
export async function playerEnvironment(session: LabSessionDto): Promise<PlayerEnvironment> {
  if (session.status === "ENDED" || !session.runnerSessionId)
    return {
      state: session.status === "ENDED" ? "ended" : "waiting-for-runner",
      progress: [],
      reason: session.reason ?? undefined,
      expiring: false,
    };
  try {
    const view = await runnerClient.getSession(session.runnerSessionId);
    const update = fromView(view);
    if (update.status !== session.status || update.reason)
      await sessions().update(session.id, update);
    // The database keeps the learner's work as the runner last kept it.
    if (view.snapshotAt) await importSnapshot(session, view.snapshotAt);
    return {
      state: view.state,
      progress: view.progress,
      reason: view.reason,
      expiresAt: view.expiresAt,
      expiring: view.state === "expiring",
      ...(view.restore ? { restore: view.restore } : {}),
    };
  } catch (error) {
    if (!(error instanceof RunnerUnavailable)) throw error;
    return {
      state: session.status === "FAILED" ? "failed" : "waiting-for-runner",
      progress: [],
      reason: error.message,
      expiring: false,
    };
  }
}
