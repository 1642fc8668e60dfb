import Link from "next/link";
import { PlatformStatusBanner } from "@/components/platform-status-banner";
import { canTeach, getCurrentUser } from "@/lib/server/auth/current-user";
import { getCatalogue } from "@/lib/server/labs";
import styles from "./page.module.css";

// Labs are files an instructor edits; read them on each request.
export const dynamic = "force-dynamic";

export default async function CataloguePage() {
  const { course, labs, problems } = await getCatalogue();
  // A broken lab file is news for the people who write and run labs; a learner only misses
  // the lab, and `kindling lab validate` tells authors the same.
  const user = await getCurrentUser();
  const shownProblems = user && canTeach(user) ? problems : [];
  const inCourse = (slug: string) => course?.labs.indexOf(slug) ?? -1;
  return (
    <main className={styles.main}>
      <PlatformStatusBanner />
      <section className={styles.intro}>
        <h1>{course?.title ?? "Labs"}</h1>
        <p>
          {course?.summary ??
            "Hands-on Kubernetes exercises. Each lab gives you a cluster of your own."}
        </p>
        {course && <p>Each lab gives you a Kubernetes cluster of your own. Take them in order.</p>}
      </section>

      {labs.length === 0 ? (
        <p className={styles.empty}>No labs yet: add a folder under labs/.</p>
      ) : (
        <ol className={styles.grid} aria-label="Labs">
          {labs.map((lab) => (
            <li key={lab.slug}>
              <Link href={`/labs/${lab.slug}`} className={styles.card}>
                <h2>
                  {inCourse(lab.slug) >= 0 && (
                    <span className={styles.number}>{inCourse(lab.slug) + 1}</span>
                  )}
                  {lab.title}
                </h2>
                <p>{lab.summary}</p>
                <div className={styles.meta}>
                  <span className={styles.difficulty}>{lab.difficulty}</span>
                  <span className={styles.badge}>{lab.durationMinutes} min</span>
                  <span className={styles.badge}>
                    {lab.steps.length} {lab.steps.length === 1 ? "step" : "steps"}
                  </span>
                </div>
              </Link>
            </li>
          ))}
        </ol>
      )}

      {shownProblems.length > 0 && (
        <details className={styles.problems}>
          <summary>
            {shownProblems.length} lab {shownProblems.length === 1 ? "problem" : "problems"} (for
            authors)
          </summary>
          <ul>
            {shownProblems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </details>
      )}
    </main>
  );
}
