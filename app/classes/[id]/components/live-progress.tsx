"use client";
// The progress table, kept live by polling the class's JSON route. Each poll replaces the
// figures inside a layout whose sizes do not depend on them, so nothing jumps.
import { useEffect, useState } from "react";
import type { ProgressTable as Table } from "@/lib/server/classroom-table";
import styles from "../class.module.css";
import { ProgressTable } from "./progress-table";

const POLL_MS = 4000;

export function LiveProgress({ classId, initial }: { classId: string; initial: Table }) {
  const [table, setTable] = useState(initial);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    async function poll() {
      // A hidden tab does not need fresh figures; it catches up when shown again.
      if (document.hidden) return;
      try {
        const response = await fetch(`/classes/${classId}/progress`, { cache: "no-store" });
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        const body = (await response.json()) as { table: Table; updatedAt: string };
        if (stopped) return;
        setTable(body.table);
        setUpdatedAt(new Date(body.updatedAt));
        setProblem(null);
      } catch (error) {
        if (!stopped) setProblem(error instanceof Error ? error.message : String(error));
      }
    }
    const timer = window.setInterval(poll, POLL_MS);
    document.addEventListener("visibilitychange", poll);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", poll);
    };
  }, [classId]);

  return (
    <section aria-labelledby="progress-heading" className={styles.progress}>
      <div className={styles.progressHeader}>
        <h2 id="progress-heading">
          Progress{" "}
          <span className={styles.count}>
            {table.rows.length} {table.rows.length === 1 ? "learner" : "learners"}
          </span>
        </h2>
        <p className={styles.liveStatus} data-testid="live-status">
          {problem
            ? `Live updates paused: ${problem}`
            : updatedAt
              ? `Live · updated ${updatedAt.toLocaleTimeString("en-GB")}`
              : "Live · updates every few seconds"}
        </p>
      </div>
      <p className={styles.legend}>
        <span className={styles.markDone}>✓</span> done{" "}
        <span className={styles.markStarted}>◐</span> started{" "}
        <span className={styles.markNone}>·</span> not started — per step: Check attempts, hints
        used, time on the step; <span className={styles.solutionBadge}>solution</span> means the
        solution was revealed; ↻ counts the times the learner resumed kept work.
      </p>
      {table.rows.length === 0 ? (
        <p className={styles.empty}>No learners yet. Share the invite link above.</p>
      ) : (
        table.labs.map((lab, labIndex) => (
          <ProgressTable key={lab.slug} table={table} labIndex={labIndex} />
        ))
      )}
    </section>
  );
}
