"use client";
// What the work area shows until the environment is ready: the runner's progress steps as
// they happen, or why there is no environment, with a way to try again.
import { PlatformStatusBanner } from "@/components/platform-status-banner";
import type { PlayerEnvironment } from "../lib/player-types";
import styles from "./player.module.css";

interface Props {
  labSlug: string;
  environment: PlayerEnvironment;
  busy: boolean;
  onRetry: () => void;
}

const TITLE: Record<PlayerEnvironment["state"], string> = {
  "waiting-for-runner": "Waiting for the lab runner",
  provisioning: "Preparing your cluster",
  resetting: "Resetting your cluster",
  failed: "Your environment could not start",
  ended: "This lab session has ended",
  ready: "Ready",
  expiring: "Ready",
};

export function ProvisioningView({ labSlug, environment, busy, onRetry }: Props) {
  const { state, progress, reason } = environment;
  const canRetry = state === "waiting-for-runner" || state === "failed";
  return (
    <section className={styles.provisioning} aria-label="Provisioning" aria-live="polite">
      <h2>{TITLE[state]}</h2>
      {state === "provisioning" && <PlatformStatusBanner />}
      {progress.length > 0 && (
        <ol className={styles.progressSteps}>
          {progress.map((p, i) => (
            <li
              key={`${p.step}-${p.at}`}
              className={
                i === progress.length - 1 && state !== "failed" ? styles.current : undefined
              }
            >
              {p.step}
            </li>
          ))}
        </ol>
      )}
      {progress.length === 0 && (state === "provisioning" || state === "resetting") && (
        <p>Starting…</p>
      )}
      {reason && (
        <p
          className={
            state === "failed" || state === "waiting-for-runner" ? styles.reason : undefined
          }
        >
          {reason}
        </p>
      )}
      {state === "waiting-for-runner" && (
        <p>You can read the steps meanwhile; this page checks again every few seconds.</p>
      )}
      {state === "ended" && (
        <p>
          <a href={`/labs/${labSlug}/play`}>Start the lab again</a> to resume where you left off, or
          to start fresh.
        </p>
      )}
      {canRetry && (
        <button type="button" className={styles.primary} onClick={onRetry} disabled={busy}>
          {busy ? "Trying…" : "Try again"}
        </button>
      )}
    </section>
  );
}
