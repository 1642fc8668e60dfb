"use client";
// The invite link in a read-only field with a Copy button. The clipboard API needs a secure
// context (https or localhost); elsewhere the link is selected so Ctrl+C finishes the job.
import { useRef, useState } from "react";
import styles from "../class.module.css";

export function CopyInvite({ url }: { url: string }) {
  const field = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState("");

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setStatus("Copied");
    } catch {
      field.current?.select();
      setStatus("Selected: press Ctrl+C");
    }
    window.setTimeout(() => setStatus(""), 4000);
  }

  return (
    <div className={styles.invite}>
      <label htmlFor="invite-link" className={styles.inviteLabel}>
        Invite link
      </label>
      <input
        id="invite-link"
        ref={field}
        className={styles.inviteField}
        value={url}
        readOnly
        onFocus={(event) => event.currentTarget.select()}
      />
      <button type="button" className={styles.copyButton} onClick={copy}>
        Copy
      </button>
      <span className={styles.copyStatus} role="status" aria-live="polite">
        {status}
      </span>
    </div>
  );
}
