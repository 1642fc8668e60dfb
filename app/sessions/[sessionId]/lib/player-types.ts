// What the server hands the player, and what its actions answer. Plain data only.
import type { ApplyFileProblem, PlayerCheckResult } from "@kindling/protocol/player-api";
import type { RestoreReport } from "@kindling/protocol/resume-api";
import type { ProgressStep, SessionState } from "@kindling/protocol/runner-api";

export interface PlayerStep {
  id: string;
  title: string;
  markdown: string;
  gated: boolean;
  hintCount: number;
  hasSolution: boolean;
  checks: { id: string; description: string }[];
}

export interface PlayerStepProgress {
  completed: boolean;
  hintsUsed: number;
  /** The hints shown so far (the first `hintsUsed` of the step's list). */
  hints: string[];
  solutionRevealed: boolean;
  attempts: number;
}

export interface PlayerFile {
  name: string;
  content: string;
}

/** The environment as the player shows it; `runner` explains when there is none. */
export interface PlayerEnvironment {
  state: SessionState | "waiting-for-runner";
  progress: ProgressStep[];
  reason?: string;
  expiresAt?: string;
  /** Within the runner's warning window before expiry. */
  expiring: boolean;
  /** After Resume: what was put back, and what the fresh cluster refused. */
  restore?: RestoreReport;
}

export interface PlayerInitial {
  sessionId: string;
  labSlug: string;
  labTitle: string;
  steps: PlayerStep[];
  /** The lab's recap page, shown on the last step once every step has passed. */
  recap?: string;
  progress: PlayerStepProgress[];
  currentStep: number;
  files: PlayerFile[];
  environment: PlayerEnvironment;
}

export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: string };

export interface CheckOutcome {
  passed: boolean;
  results: PlayerCheckResult[];
  progress: PlayerStepProgress[];
}

/** After Reset step / Reset lab: the environment resetting, progress reopened, the step shown. */
export interface ResetOutcome {
  environment: PlayerEnvironment;
  progress: PlayerStepProgress[];
  currentStep: number;
}

export interface ApplyOutcome {
  applied: boolean;
  objects: string[];
  problems: ApplyFileProblem[];
}
