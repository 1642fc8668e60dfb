"use client";
// What the step asks for, the Check button and its verdicts (expected vs observed, hint),
// progressive hints and the solution reveal. Hints and reveals are recorded server-side.
import type { LiveCheckState } from "@kindling/protocol/live-api";
import type { PlayerCheckResult } from "@kindling/protocol/player-api";
import { useState } from "react";
import ReactMarkdown from "react-markdown";
import type { PlayerStep, PlayerStepProgress } from "../lib/player-types";
import styles from "./player.module.css";
import type { LiveChecks } from "./use-live-checks";

interface Props {
  step: PlayerStep;
  progress: PlayerStepProgress;
  canCheck: boolean;
  results: PlayerCheckResult[] | undefined;
  solution: { name: string; content: string }[] | undefined;
  busy: string | null;
  /** Live states of the step's checks: a preview, next to Check's verdicts. */
  live?: LiveChecks;
  onCheck: () => void;
  onHint: () => void;
  onReveal: () => void;
}

export function CheckPanel({
  step,
  progress,
  canCheck,
  results,
  solution,
  busy,
  live,
  onCheck,
  onHint,
  onReveal,
}: Props) {
  const [confirmReveal, setConfirmReveal] = useState(false);
  const byId = new Map(results?.map((r) => [r.id, r]));
  const hintsLeft = step.hintCount - progress.hintsUsed;

  return (
    <section className={styles.checkPanel} aria-label="Checks">
      {step.checks.length > 0 && (
        <>
          <h3>What Check looks for</h3>
          {live && live.status !== "off" && (
            <p className={styles.livePreview}>
              <span className={styles.liveDot} data-status={live.status} aria-hidden="true" />
              {live.status === "live"
                ? "Live preview: resource checks follow your cluster as you work. Only Check counts."
                : live.status === "connecting"
                  ? "Live preview: connecting…"
                  : "Live preview: reconnecting…"}
            </p>
          )}
          <ul className={styles.checkList}>
            {step.checks.map((check) => {
              const result = byId.get(check.id);
              return (
                <li
                  key={check.id}
                  className={result ? (result.passed ? styles.passed : styles.failed) : undefined}
                >
                  <span className={styles.verdict} aria-hidden="true">
                    {result ? (result.passed ? "✓" : "✗") : "○"}
                  </span>
                  <div>
                    <span>{check.description}</span>
                    <LiveBadge state={live?.states.get(check.id)} />
                    {result && (
                      <span className={styles.srOnly}>
                        {result.passed ? " — passed" : " — not yet"}
                      </span>
                    )}
                    {result && !result.passed && (
                      <dl className={styles.observation}>
                        <dt>Expected</dt>
                        <dd>{result.expected}</dd>
                        <dt>Observed</dt>
                        <dd>{result.skipped ?? result.observed}</dd>
                        {result.hint && (
                          <>
                            <dt>Hint</dt>
                            <dd>
                              <InlineMarkdown text={result.hint} />
                            </dd>
                          </>
                        )}
                      </dl>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          <div className={styles.row}>
            <button
              type="button"
              className={styles.primary}
              onClick={onCheck}
              disabled={!canCheck || busy !== null}
            >
              {busy === "check" ? "Checking…" : "Check"}
            </button>
            <span className={styles.muted}>
              {progress.completed
                ? "Step passed"
                : progress.attempts > 0
                  ? `${progress.attempts} attempt${progress.attempts === 1 ? "" : "s"}`
                  : ""}
            </span>
          </div>
        </>
      )}

      {(step.hintCount > 0 || step.hasSolution) && (
        <div className={styles.help}>
          {progress.hints.length > 0 && (
            <ol className={styles.hints} aria-label="Hints">
              {progress.hints.map((hint, i) => (
                <li key={i}>
                  <InlineMarkdown text={hint} />
                </li>
              ))}
            </ol>
          )}
          <div className={styles.row}>
            {step.hintCount > 0 && (
              <button
                type="button"
                className={styles.button}
                onClick={onHint}
                disabled={hintsLeft === 0 || busy !== null}
              >
                {hintsLeft === 0 ? "No more hints" : `Show a hint (${hintsLeft} left)`}
              </button>
            )}
            {step.hasSolution &&
              !solution &&
              (confirmReveal ? (
                <>
                  <span className={styles.muted}>Your instructor will see that you looked.</span>
                  <button
                    type="button"
                    className={styles.button}
                    onClick={onReveal}
                    disabled={busy !== null}
                  >
                    Reveal the solution
                  </button>
                  <button
                    type="button"
                    className={styles.linkButton}
                    onClick={() => setConfirmReveal(false)}
                  >
                    Not yet
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  className={styles.button}
                  onClick={() => setConfirmReveal(true)}
                >
                  Show solution…
                </button>
              ))}
          </div>
          {solution?.map((file) => (
            <figure key={file.name} className={styles.fileBlock}>
              <figcaption>
                <span className={styles.fileName}>Solution: {file.name}</span>
              </figcaption>
              <pre tabIndex={0}>
                <code>{file.content}</code>
              </pre>
            </figure>
          ))}
        </div>
      )}
    </section>
  );
}

const liveWords: Record<LiveCheckState, { text: string; title: string }> = {
  passing: {
    text: "live: passing",
    title: "Passes on your cluster right now; press Check to record it",
  },
  "not-yet": { text: "live: not yet", title: "Does not pass on your cluster yet" },
  "not-live": {
    text: "press Check",
    title: "Sends traffic or runs a command, so it is checked only when you press Check",
  },
  unknown: { text: "live: could not read", title: "Your cluster could not be read just now" },
};

/** One check's live state, in words (the colour only repeats them). */
function LiveBadge({ state }: { state: LiveCheckState | undefined }) {
  if (!state) return null;
  const { text, title } = liveWords[state];
  return (
    <span className={styles.liveState} data-state={state} title={title}>
      <span className={styles.srOnly}> — </span>
      {text}
    </span>
  );
}

/** A hint's Markdown (`code`, *emphasis*) without the paragraph around it. */
function InlineMarkdown({ text }: { text: string }) {
  return (
    <ReactMarkdown components={{ p: ({ children }) => <>{children}</> }}>{text}</ReactMarkdown>
  );
}
