// One lab's part of the progress table: learners down, the lab's steps across. The table
// scrolls sideways inside its own region (long labs have 16 steps) while the learner
// column stays put. Cells have fixed sizes, so live updates never move the layout.
import {
  formatDuration,
  type ProgressCell,
  type ProgressTable as Table,
} from "@/lib/server/classroom-table";
import styles from "../class.module.css";

const LEARNER_WIDTH = 200;
const DONE_WIDTH = 64;
const STEP_WIDTH = 132;

const STATUS = {
  done: { mark: "✓", word: "Done", className: styles.markDone },
  "in-progress": { mark: "◐", word: "Started", className: styles.markStarted },
  "not-started": { mark: "·", word: "Not started", className: styles.markNone },
} as const;

export function ProgressTable({ table, labIndex }: { table: Table; labIndex: number }) {
  const lab = table.labs[labIndex];
  if (!lab) return null;
  const headingId = `lab-${lab.slug}`;
  return (
    <section aria-labelledby={headingId} className={styles.lab}>
      <h3 id={headingId}>
        {lab.title} <span className={styles.count}>{lab.steps.length} steps</span>
      </h3>
      {/* Focusable, so that keyboard users can scroll it sideways. */}
      <div
        className={styles.scroller}
        tabIndex={0}
        role="region"
        aria-label={`${lab.title} progress`}
      >
        {/* Fixed column widths: live figures never resize a column. */}
        <table
          className={styles.table}
          style={{ width: LEARNER_WIDTH + DONE_WIDTH + STEP_WIDTH * lab.steps.length }}
        >
          <colgroup>
            <col style={{ width: LEARNER_WIDTH }} />
            <col style={{ width: DONE_WIDTH }} />
            {lab.steps.map((step) => (
              <col key={step.id} style={{ width: STEP_WIDTH }} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th scope="col" className={styles.learnerHead}>
                Learner
              </th>
              <th scope="col" className={styles.doneHead}>
                Done
              </th>
              {lab.steps.map((step) => (
                <th key={step.id} scope="col" className={styles.stepHead} title={step.title}>
                  <span className={styles.stepNumber}>{step.index + 1}</span>
                  <span className={styles.stepTitle}>{step.title}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => {
              const labRow = row.labs[labIndex];
              if (!labRow) return null;
              return (
                <tr key={row.learner.userId} data-learner={row.learner.email}>
                  <th scope="row" className={styles.learnerCell}>
                    <span className={styles.learnerName}>{row.learner.name}</span>
                    <span className={styles.learnerEmail}>{row.learner.email}</span>
                  </th>
                  <td className={styles.doneCell}>
                    {labRow.completedSteps}/{lab.steps.length}
                    {(labRow.resumes ?? 0) > 0 && (
                      <span
                        className={styles.resumes}
                        title={`Resumed ${labRow.resumes} ${labRow.resumes === 1 ? "time" : "times"} after a session ended`}
                      >
                        <span aria-hidden="true">↻{labRow.resumes}</span>
                        <span className={styles.visuallyHidden}>
                          {" "}
                          (resumed {labRow.resumes} {labRow.resumes === 1 ? "time" : "times"})
                        </span>
                      </span>
                    )}
                  </td>
                  {labRow.cells.map((cell, stepIndex) => (
                    <StepCell
                      key={lab.steps[stepIndex]?.id ?? stepIndex}
                      cell={cell}
                      label={`${row.learner.name}, step ${stepIndex + 1} ${lab.steps[stepIndex]?.title ?? ""}`}
                    />
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function StepCell({ cell, label }: { cell: ProgressCell; label: string }) {
  const status = STATUS[cell.status];
  const started = cell.status !== "not-started";
  const summary = [
    status.word,
    `${cell.attempts} ${cell.attempts === 1 ? "attempt" : "attempts"}`,
    `${cell.hintsUsed} ${cell.hintsUsed === 1 ? "hint" : "hints"}`,
    ...(cell.solutionRevealed ? ["solution revealed"] : []),
    ...(started ? [formatDuration(cell.secondsSpent)] : []),
  ].join(", ");
  return (
    <td
      className={`${styles.stepCell} ${styles[cell.status] ?? ""}`}
      title={`${label}: ${summary}`}
      data-status={cell.status}
    >
      <span className={styles.srOnly}>{summary}</span>
      <span aria-hidden="true" className={styles.cellTop}>
        <span className={status.className}>{status.mark}</span>
        {started && <span className={styles.cellTime}>{formatDuration(cell.secondsSpent)}</span>}
      </span>
      <span aria-hidden="true" className={styles.cellFigures}>
        {started
          ? `${cell.attempts} ${cell.attempts === 1 ? "try" : "tries"} · ${cell.hintsUsed} ${cell.hintsUsed === 1 ? "hint" : "hints"}`
          : "\u00a0"}
      </span>
      <span aria-hidden="true" className={styles.cellFigures}>
        {cell.solutionRevealed ? <span className={styles.solutionBadge}>solution</span> : "\u00a0"}
      </span>
    </td>
  );
}
