import Link from "next/link";
import { getCatalogue } from "@/lib/server/labs";
import styles from "./page.module.css";

// Labs are files an instructor edits; read them on each request.
export const dynamic = "force-dynamic";

export default async function CataloguePage() {
  const { labs, problems } = await getCatalogue();
  return (
    <main className={styles.main}>
      <section className={styles.intro}>
        <h1>Labs</h1>
        <p>Hands-on Kubernetes exercises. Each lab gives you a cluster of your own.</p>
      </section>

      {labs.length === 0 ? (
        <p className={styles.empty}>No labs yet: add a folder under labs/.</p>
      ) : (
        <ul className={styles.grid} aria-label="Labs">
          {labs.map((lab) => (
            <li key={lab.slug}>
              <Link href={`/labs/${lab.slug}`} className={styles.card}>
                <h2>{lab.title}</h2>
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
        </ul>
      )}

      {/* TODO(accounts issue): show this to instructors and admins only. */}
      {problems.length > 0 && (
        <details className={styles.problems}>
          <summary>
            {problems.length} lab {problems.length === 1 ? "problem" : "problems"} (for authors)
          </summary>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </details>
      )}
    </main>
  );
}
