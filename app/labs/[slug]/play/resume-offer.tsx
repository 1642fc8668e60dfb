// "Resume where you left off" beside "Start fresh", with what the kept work holds and, said
// plainly, what a new environment cannot carry over.
import type { ResumeOffer as Offer } from "@/lib/server/resume-service";
import styles from "./play.module.css";

interface Props {
  slug: string;
  offer: Offer;
  stepTitle: string;
  resume: (form: FormData) => Promise<void>;
  startFresh: (form: FormData) => Promise<void>;
}

const listed = (items: string[], none: string) =>
  items.length === 0 ? (
    <p className={styles.none}>{none}</p>
  ) : (
    <ul className={styles.kept}>
      {items.map((item) => (
        <li key={item}>
          <code>{item}</code>
        </li>
      ))}
    </ul>
  );

export function ResumeOffer({ slug, offer, stepTitle, resume, startFresh }: Props) {
  const taken = offer.takenAt.toISOString().replace("T", " ").slice(0, 16);
  return (
    <section className={styles.offer} aria-labelledby="resume-title">
      <h2 id="resume-title">Your work from last time is kept</h2>
      <p>
        You were on step {offer.step + 1}, <em>{stepTitle}</em>. Kept at {taken} UTC:
      </p>
      <div className={styles.keptColumns}>
        <div>
          <h3>Your objects</h3>
          {listed(offer.objects, "none")}
        </div>
        <div>
          <h3>Your files</h3>
          {listed(offer.files, "none changed")}
          {offer.left.length > 0 && (
            <p className={styles.none}>Too large to keep: {offer.left.map((f) => f).join(", ")}</p>
          )}
        </div>
      </div>
      <p className={styles.cannot}>
        <strong>Resume</strong> makes a new cluster with the lab&apos;s starting state, applies your
        objects again as you, puts your files back and opens your step. It cannot carry over what
        lived only inside running pods (files written in a container, data in memory), port-forwards
        or other commands you left running, or your terminal history.
      </p>
      <div className={styles.choices}>
        <form action={resume}>
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="session" value={offer.sessionId} />
          <button type="submit" className={styles.start}>
            Resume where you left off
          </button>
        </form>
        <form action={startFresh}>
          <input type="hidden" name="slug" value={slug} />
          <button type="submit" className={styles.fresh}>
            Start fresh
          </button>
        </form>
      </div>
    </section>
  );
}
