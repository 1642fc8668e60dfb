// The instructor's progress table, built from plain rows: learner × lab × step, with
// completion, Check attempts, hints, solution reveals and time spent. Pure (no database, no
// clock of its own), so the page, the live JSON route and both exports share one answer.

export interface TableLab {
  slug: string;
  title: string;
  steps: { id: string; title: string }[];
}

export interface TableMember {
  userId: string;
  name: string;
  email: string;
}

export interface TableSession {
  id: string;
  userId: string;
  labSlug: string;
  endedAt: Date | null;
  expiresAt: Date;
  /** Times the learner chose "Resume where you left off" for this run. */
  resumeCount?: number;
}

export interface TableStepRow {
  sessionId: string;
  stepIndex: number;
  startedAt: Date;
  completedAt: Date | null;
  hintsUsed: number;
  solutionRevealed: boolean;
}

export interface TableAttemptCount {
  sessionId: string;
  stepIndex: number;
  count: number;
}

export interface ProgressInput {
  labs: TableLab[];
  members: TableMember[];
  sessions: TableSession[];
  steps: TableStepRow[];
  attempts: TableAttemptCount[];
}

export type StepStatus = "not-started" | "in-progress" | "done";

/** One learner on one step. JSON-safe: the live route sends it as is. */
export interface ProgressCell {
  status: StepStatus;
  attempts: number;
  hintsUsed: number;
  solutionRevealed: boolean;
  secondsSpent: number;
}

export interface ProgressRow {
  learner: TableMember;
  /** Same order as the table's labs; each lab's cells in step order. */
  labs: { slug: string; cells: ProgressCell[]; completedSteps: number; resumes?: number }[];
}

export interface ProgressTable {
  labs: { slug: string; title: string; steps: { index: number; id: string; title: string }[] }[];
  rows: ProgressRow[];
}

const EMPTY: ProgressCell = {
  status: "not-started",
  attempts: 0,
  hintsUsed: 0,
  solutionRevealed: false,
  secondsSpent: 0,
};

/**
 * A learner may run a lab several times (a session ends, they start again), so each cell
 * folds every session of that lab: done if any run completed the step, attempts and time
 * added up, the most hints any run used, and a solution counts as revealed once seen.
 */
export function buildProgressTable(input: ProgressInput, now: Date): ProgressTable {
  const sessionsById = new Map(input.sessions.map((s) => [s.id, s]));
  const attemptCounts = new Map(
    input.attempts.map((a) => [`${a.sessionId}:${a.stepIndex}`, a.count]),
  );
  // key: userId, labSlug, stepIndex
  const cells = new Map<string, ProgressCell>();
  const cellKey = (userId: string, slug: string, step: number) =>
    `${userId}\u0000${slug}\u0000${step}`;

  for (const row of input.steps) {
    const session = sessionsById.get(row.sessionId);
    if (!session) continue;
    const key = cellKey(session.userId, session.labSlug, row.stepIndex);
    const cell = cells.get(key) ?? { ...EMPTY };
    cell.status = row.completedAt || cell.status === "done" ? "done" : "in-progress";
    cell.attempts += attemptCounts.get(`${row.sessionId}:${row.stepIndex}`) ?? 0;
    cell.hintsUsed = Math.max(cell.hintsUsed, row.hintsUsed);
    cell.solutionRevealed ||= row.solutionRevealed;
    cell.secondsSpent += secondsOnStep(row, session, now);
    cells.set(key, cell);
  }

  return {
    labs: input.labs.map((lab) => ({
      slug: lab.slug,
      title: lab.title,
      steps: lab.steps.map((step, index) => ({ index, id: step.id, title: step.title })),
    })),
    rows: [...input.members]
      .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email))
      .map((learner) => ({
        learner,
        labs: input.labs.map((lab) => {
          const labCells = lab.steps.map(
            (_, index) => cells.get(cellKey(learner.userId, lab.slug, index)) ?? { ...EMPTY },
          );
          return {
            slug: lab.slug,
            cells: labCells,
            completedSteps: labCells.filter((c) => c.status === "done").length,
            resumes: input.sessions
              .filter((s) => s.userId === learner.userId && s.labSlug === lab.slug)
              .reduce((sum, s) => sum + (s.resumeCount ?? 0), 0),
          };
        }),
      })),
  };
}

/**
 * Time on a step runs from the learner's first visit to its completion; an unfinished step
 * stops counting when its session ended or expired, so an abandoned tab does not pile up hours.
 */
function secondsOnStep(row: TableStepRow, session: TableSession, now: Date): number {
  const end =
    row.completedAt ??
    session.endedAt ??
    new Date(Math.min(now.getTime(), session.expiresAt.getTime()));
  return Math.max(0, Math.round((end.getTime() - row.startedAt.getTime()) / 1000));
}

/** "45 s", "12 min", "1 h 05 min": short enough for a table cell. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}
