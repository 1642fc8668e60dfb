// An invite link whose code matches no class: say so plainly, and what to do about it.
import Link from "next/link";
import styles from "../join.module.css";

export default function UnknownInvite() {
  return (
    <main className={styles.page}>
      <p className={styles.kicker}>Class invitation</p>
      <h1 className={styles.alone}>This invite link is not valid</h1>
      <div className={styles.card} role="alert">
        <p>
          No class uses this invite code. Check that the whole link was copied, or ask your
          instructor for a new one.
        </p>
        <div className={styles.actions}>
          <Link className={styles.secondary} href="/">
            Browse the labs
          </Link>
        </div>
      </div>
    </main>
  );
}
