"use client";
// Tells visitors whether labs can start now: while the lab images build it shows a progress
// bar fed by the builder ("Preparing lab images — 7 of 18, about 9 minutes left"); when the
// Docker engine or the runner is down, what the operator must do. Nothing when all is well.
import { useEffect, useState } from "react";
import { PLATFORM_STATUS_PATH, type PlatformStatus } from "@/lib/platform-status";
import styles from "./platform-status-banner.module.css";

const POLL_MS = 3000;

export function PlatformStatusBanner() {
  const [status, setStatus] = useState<PlatformStatus | undefined>();

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const response = await fetch(PLATFORM_STATUS_PATH, { cache: "no-store" });
        if (response.ok && !stopped) setStatus((await response.json()) as PlatformStatus);
      } catch {
        // the site itself is restarting: keep the last status and look again
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  if (!status || status.phase === "ready" || status.phase === "checking") return null;
  if (status.phase === "building") {
    const { done = 0, total = 0 } = status;
    return (
      <section className={styles.banner} aria-live="polite" aria-label="Lab images">
        <p className={styles.title}>Preparing lab images — {status.message}</p>
        <progress
          className={styles.bar}
          value={done}
          max={Math.max(total, 1)}
          aria-label={`${done} of ${total} lab images ready`}
        />
        <p className={styles.detail}>
          This happens once on a new server. You can read the labs meanwhile; Start lab waits for
          the images and then opens your terminal.
        </p>
      </section>
    );
  }
  return (
    <section className={`${styles.banner} ${styles.problem}`} role="alert">
      <p className={styles.title}>
        {status.phase === "failed"
          ? "Lab images could not be built"
          : "Labs cannot start right now"}
      </p>
      <p className={styles.detail}>{status.message}</p>
    </section>
  );
}
