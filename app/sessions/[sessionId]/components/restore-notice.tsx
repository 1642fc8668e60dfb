"use client";
// After Resume: what came back into the fresh environment, what the cluster refused, and
// what no snapshot can carry. The learner closes it once read.
import { useState } from "react";
import type { RestoreReport } from "@kindling/protocol/resume-api";
import styles from "./restore-notice.module.css";

export function RestoreNotice({ report }: { report: RestoreReport }) {
  const [open, setOpen] = useState(true);
  if (!open) return null;
  const objects = report.applied.length;
  return (
    <section className={styles.notice} aria-label="Your work, resumed">
      <button type="button" className={styles.close} onClick={() => setOpen(false)}>
        Close
      </button>
      <p>
        <strong>Resumed where you left off:</strong> {objects}{" "}
        {objects === 1 ? "object" : "objects"} applied again and {report.files}{" "}
        {report.files === 1 ? "file" : "files"} back in your home folder.
      </p>
      {report.refused.length > 0 && (
        <div className={styles.refused}>
          <p>The new cluster refused:</p>
          <ul>
            {report.refused.map((r) => (
              <li key={r.object}>
                <code>{r.object}</code>: {r.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {report.filesProblem && <p className={styles.refused}>{report.filesProblem}</p>}
      <p className={styles.lost}>
        New pods started from your objects: what earlier pods kept inside them is gone, your
        port-forwards and other commands are no longer running, and the terminal history starts
        empty.
      </p>
    </section>
  );
}
