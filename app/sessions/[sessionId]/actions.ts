"use server";
// The player's server actions. Each validates its input, checks that the caller owns the
// session, and talks to the runner from here; the browser never holds the runner secret.
// Next.js refuses cross-origin action calls, which makes these CSRF-safe.
import { chooseHint } from "@kindling/protocol/hint-choice";
import { type BrowseResponse, browseRequestSchema } from "@kindling/protocol/browser-api";
import { editorFileNameSchema } from "@kindling/protocol/player-api";
import { MAX_TABS } from "@kindling/protocol/runner-api";
import { z } from "zod";
import { getCurrentUser } from "@/lib/server/auth/current-user";
import { terminalUrlFor } from "@/lib/terminal-url";
import { siteOrigin } from "@/lib/server/site-origin";
import type { LabSessionDto } from "@/lib/server/lab-session-repository";
import { getOwnedSession, requestRunnerSession, sessions } from "@/lib/server/lab-session-service";
import { getLab, type Lab } from "@/lib/server/labs";
import { readSolution, type SolutionFile } from "@/lib/server/lab-solutions";
import { RunnerUnavailable, runnerClient } from "@/lib/server/runner-client";
import { importSnapshot } from "@/lib/server/resume-service";
import { canOpenStep } from "./lib/gating";
import {
  editorFiles,
  gates,
  playerEnvironment,
  playerProgress,
  stepProgress,
} from "./lib/player-data";
import type {
  ActionResult,
  ApplyOutcome,
  CheckOutcome,
  PlayerEnvironment,
  PlayerStepProgress,
  ResetOutcome,
} from "./lib/player-types";

const sessionIdSchema = z.string().min(1).max(64);
const stepIndexSchema = z.number().int().min(0).max(200);

class ActionError extends Error {}

async function owned(sessionId: unknown): Promise<{ session: LabSessionDto; lab: Lab }> {
  const user = await getCurrentUser();
  if (!user) throw new ActionError("You are signed out. Sign in again to continue.");
  const session = await getOwnedSession(user, sessionIdSchema.parse(sessionId));
  if (!session) throw new ActionError("This lab session does not exist.");
  const lab = await getLab(session.labSlug);
  if (!lab) throw new ActionError("This lab is no longer available.");
  return { session, lab };
}

async function openStep(lab: Lab, session: LabSessionDto, stepIndex: unknown): Promise<number> {
  const index = stepIndexSchema.parse(stepIndex);
  const progress = await playerProgress(lab, session.id);
  if (!canOpenStep(gates(lab, progress), index))
    throw new ActionError("This step opens once the steps before it pass their checks.");
  return index;
}

function runnerSessionId(session: LabSessionDto): string {
  if (!session.runnerSessionId) throw new ActionError("Your lab environment has not started yet.");
  return session.runnerSessionId;
}

async function attempt<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof ActionError || error instanceof RunnerUnavailable)
      return { ok: false, error: error.message };
    if (error instanceof z.ZodError) return { ok: false, error: "That request was not valid." };
    console.error("kindling: player action failed", error);
    return { ok: false, error: "Something went wrong on the server. Try again." };
  }
}

export async function pollEnvironment(sessionId: string): Promise<ActionResult<PlayerEnvironment>> {
  return attempt(async () => {
    const { session } = await owned(sessionId);
    return playerEnvironment(session);
  });
}

/** Asks the runner again after it was unavailable, or after a failure. */
export async function retryEnvironment(
  sessionId: string,
): Promise<ActionResult<PlayerEnvironment>> {
  return attempt(async () => {
    let { session } = await owned(sessionId);
    // What the runner kept of the lost environment goes into the new one.
    if (session.status === "FAILED") await importSnapshot(session);
    if (session.status === "FAILED")
      session = await sessions().update(session.id, { status: "STARTING", runnerSessionId: null });
    if (!session.runnerSessionId) session = await requestRunnerSession(session);
    return playerEnvironment(session);
  });
}

export async function terminalUrl(
  sessionId: string,
  tab: number,
): Promise<ActionResult<{ url: string }>> {
  return attempt(async () => {
    const { session } = await owned(sessionId);
    const origin = await siteOrigin();
    const token = await runnerClient.terminalToken(
      runnerSessionId(session),
      z.number().int().min(1).max(MAX_TABS).parse(tab),
      origin,
    );
    return { url: terminalUrlFor(token.url, origin) };
  });
}

/** Where the player opens its live check states (the runner's WebSocket, like a terminal's). */
export async function liveChecksUrl(sessionId: string): Promise<ActionResult<{ url: string }>> {
  return attempt(async () => {
    const { session } = await owned(sessionId);
    const origin = await siteOrigin();
    const token = await runnerClient.liveToken(runnerSessionId(session), origin);
    return { url: terminalUrlFor(token.url, origin) };
  });
}

export async function goToStep(
  sessionId: string,
  stepIndex: number,
): Promise<ActionResult<PlayerStepProgress[]>> {
  return attempt(async () => {
    const { session, lab } = await owned(sessionId);
    const current = session.currentStep;
    // Moving on from a step without checks is how it is completed.
    if (stepIndex === current + 1 && lab.steps[current]?.checks.length === 0)
      await stepProgress().complete(session.id, current);
    const index = await openStep(lab, session, stepIndex);
    await sessions().update(session.id, { currentStep: index });
    await stepProgress().touch(session.id, index);
    return playerProgress(lab, session.id);
  });
}

export async function checkStep(
  sessionId: string,
  stepIndex: number,
): Promise<ActionResult<CheckOutcome>> {
  return attempt(async () => {
    const { session, lab } = await owned(sessionId);
    const index = await openStep(lab, session, stepIndex);
    const step = lab.steps[index]!;
    if (step.checks.length === 0) throw new ActionError("This step has nothing to check.");
    const answer = await runnerClient.checkStep(runnerSessionId(session), step.id);
    // The runner does not know which hints this learner has seen; the choice is the
    // runner's own rule (hint-choice.ts) with the hints shown so far.
    const seen = (await playerProgress(lab, session.id))[index]!.hintsUsed;
    const results = answer.results.map((r) => {
      const hint = chooseHint(step.checks.find((c) => c.id === r.id)?.hint, step.hints, seen);
      return { ...r, hint: r.passed ? undefined : hint };
    });
    await stepProgress().recordAttempt(session.id, index, answer.passed, results);
    return {
      passed: answer.passed,
      results,
      progress: await playerProgress(lab, session.id),
    };
  });
}

export async function showNextHint(
  sessionId: string,
  stepIndex: number,
): Promise<ActionResult<PlayerStepProgress[]>> {
  return attempt(async () => {
    const { session, lab } = await owned(sessionId);
    const index = await openStep(lab, session, stepIndex);
    const shown = (await playerProgress(lab, session.id))[index]!.hintsUsed;
    const total = lab.steps[index]!.hints.length;
    if (shown >= total) throw new ActionError("There are no more hints for this step.");
    await stepProgress().useHints(session.id, index, shown + 1);
    return playerProgress(lab, session.id);
  });
}

export async function revealSolution(
  sessionId: string,
  stepIndex: number,
): Promise<ActionResult<{ files: SolutionFile[]; progress: PlayerStepProgress[] }>> {
  return attempt(async () => {
    const { session, lab } = await owned(sessionId);
    const index = await openStep(lab, session, stepIndex);
    const files = await readSolution(lab, index);
    if (files.length === 0) throw new ActionError("This step has no reference solution to show.");
    await stepProgress().revealSolution(session.id, index);
    return { files, progress: await playerProgress(lab, session.id) };
  });
}

/**
 * The cluster goes back to the start of the step (Reset step) or of the lab (Reset lab), so
 * that step and every later one must pass again: their state is gone. The first completion
 * of each stays on the instructor's roster.
 */
export async function resetStep(
  sessionId: string,
  stepIndex: number,
): Promise<ActionResult<ResetOutcome>> {
  return attempt(async () => {
    const { session, lab } = await owned(sessionId);
    const index = await openStep(lab, session, stepIndex);
    await runnerClient.resetStep(runnerSessionId(session), lab.steps[index]!.id);
    await stepProgress().reopenFrom(session.id, index);
    return {
      environment: await playerEnvironment(session),
      progress: await playerProgress(lab, session.id),
      currentStep: index,
    };
  });
}

export async function resetLab(sessionId: string): Promise<ActionResult<ResetOutcome>> {
  return attempt(async () => {
    const { session, lab } = await owned(sessionId);
    await runnerClient.resetLab(runnerSessionId(session));
    await stepProgress().reopenFrom(session.id, 0);
    await sessions().update(session.id, { currentStep: 0 });
    return {
      environment: await playerEnvironment(session),
      progress: await playerProgress(lab, session.id),
      currentStep: 0,
    };
  });
}

export async function extendSession(sessionId: string): Promise<ActionResult<PlayerEnvironment>> {
  return attempt(async () => {
    const { session } = await owned(sessionId);
    await runnerClient.extendSession(runnerSessionId(session));
    return playerEnvironment(session);
  });
}

export async function endSession(sessionId: string): Promise<ActionResult<null>> {
  return attempt(async () => {
    const { session } = await owned(sessionId);
    if (session.runnerSessionId)
      await runnerClient.endSession(session.runnerSessionId).catch((error: unknown) => {
        // A runner that already forgot the session has nothing left to end.
        if (!(error instanceof RunnerUnavailable && error.status === 404)) throw error;
      });
    // The runner kept the learner's work as it ended the session: store it for Resume.
    await importSnapshot(session);
    await sessions().end(session.id, new Date(), "Ended by you.");
    return null;
  });
}

const fileInput = z.object({ name: editorFileNameSchema, content: z.string().max(256 * 1024) });

export async function saveFile(
  sessionId: string,
  name: string,
  content: string,
): Promise<ActionResult<{ savedAt: string }>> {
  return attempt(async () => {
    const { session } = await owned(sessionId);
    const file = fileInput.parse({ name, content });
    const saved = await editorFiles().save(session.id, file.name, file.content);
    return { savedAt: saved.updatedAt.toISOString() };
  });
}

export async function applyFile(
  sessionId: string,
  name: string,
  content: string,
): Promise<ActionResult<ApplyOutcome>> {
  return attempt(async () => {
    const { session } = await owned(sessionId);
    const file = fileInput.parse({ name, content });
    await editorFiles().save(session.id, file.name, file.content);
    return runnerClient.applyFile(runnerSessionId(session), { ...file, dryRun: false });
  });
}

/** The cluster's schema for the editor, or null while the runner cannot serve it. */
export async function editorSchema(
  sessionId: string,
): Promise<ActionResult<{ kubernetesVersion: string; schema: Record<string, unknown> } | null>> {
  return attempt(async () => {
    const { session } = await owned(sessionId);
    if (!session.runnerSessionId) return null;
    return runnerClient.editorSchema(session.runnerSessionId).catch((error: unknown) => {
      if (error instanceof RunnerUnavailable) return null;
      throw error;
    });
  });
}

/** The Browser tab: the runner fetches the URL inside this session's environment only. */
export async function browse(
  sessionId: string,
  url: string,
): Promise<ActionResult<BrowseResponse>> {
  return attempt(async () => {
    const { session } = await owned(sessionId);
    const request = browseRequestSchema.parse({ url });
    return runnerClient.browse(runnerSessionId(session), request.url);
  });
}
