// Classes: the ones an instructor teaches (and a form for a new one), and the ones the
// signed-in user has joined. Admins see every class, with its owner.
import type { Metadata } from "next";
import Link from "next/link";
import { canTeach, requireUser } from "@/lib/server/auth/current-user";
import { inCourseOrder } from "@/lib/server/classroom-course-order";
import type { ClassroomDto } from "@/lib/server/classroom-repository";
import { classrooms } from "@/lib/server/classroom-service";
import { getCatalogue } from "@/lib/server/labs";
import styles from "./classes.module.css";
import { CreateClassForm } from "./components/create-class-form";

export const metadata: Metadata = { title: "Classes" };
export const dynamic = "force-dynamic";

export default async function ClassesPage() {
  const user = await requireUser("/classes");
  const teaches = canTeach(user);
  const [taught, joined, catalogue] = await Promise.all([
    teaches ? classrooms().listTaught(user.role === "ADMIN" ? undefined : user.id) : [],
    classrooms().listJoined(user.id),
    getCatalogue(),
  ]);
  const labTitles = new Map(catalogue.labs.map((lab) => [lab.slug, lab.title]));

  return (
    <main className={styles.page}>
      {teaches && (
        <div className={styles.teachGrid}>
          <section aria-labelledby="taught-heading">
            <h1 id="taught-heading">{user.role === "ADMIN" ? "All classes" : "Your classes"}</h1>
            {taught.length === 0 ? (
              <p className={styles.empty}>
                No classes yet. Create one, then share its invite link.
              </p>
            ) : (
              <ul className={styles.classList} aria-label="Classes you teach">
                {taught.map((classroom) => (
                  <li key={classroom.id}>
                    <Link href={`/classes/${classroom.id}`} className={styles.classCard}>
                      <span className={styles.className}>{classroom.name}</span>
                      <span className={styles.classMeta}>
                        {describeClass(classroom, labTitles)}
                        {classroom.ownerId !== user.id && ` · taught by ${classroom.ownerName}`}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="create-heading" className={styles.createSection}>
            <h2 id="create-heading">New class</h2>
            <CreateClassForm
              labs={inCourseOrder(
                catalogue.labs.map((lab) => lab.slug),
                catalogue.labs.map((lab) => lab.slug),
              ).flatMap((slug) => {
                const lab = catalogue.labs.find((l) => l.slug === slug);
                return lab
                  ? [
                      {
                        slug,
                        title: lab.title,
                        difficulty: lab.difficulty,
                        durationMinutes: lab.durationMinutes,
                      },
                    ]
                  : [];
              })}
            />
          </section>
        </div>
      )}

      {(!teaches || joined.length > 0) && (
        <section aria-labelledby="joined-heading" className={styles.joinedSection}>
          {teaches ? (
            <h2 id="joined-heading">Classes you joined</h2>
          ) : (
            <h1 id="joined-heading">My classes</h1>
          )}
          {joined.length === 0 ? (
            <p className={styles.empty}>
              You have not joined a class. Your instructor&apos;s invite link brings you here.
            </p>
          ) : (
            <ul className={styles.joinedList} aria-label="Classes you joined">
              {joined.map((classroom) => (
                <li key={classroom.id} className={styles.joinedCard}>
                  <h3>{classroom.name}</h3>
                  <p className={styles.classMeta}>Taught by {classroom.ownerName}</p>
                  <ol className={styles.labLinks}>
                    {classroom.labSlugs.map((slug) => (
                      <li key={slug}>
                        <Link href={`/labs/${slug}`}>{labTitleOrSlug(slug, labTitles)}</Link>
                      </li>
                    ))}
                  </ol>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </main>
  );
}

function describeClass(classroom: ClassroomDto, titles: Map<string, string>): string {
  const learners = `${classroom.memberCount} ${classroom.memberCount === 1 ? "learner" : "learners"}`;
  const labs = classroom.labSlugs.map((slug) => labTitleOrSlug(slug, titles));
  return `${learners} · ${labs.length === 1 ? labs[0] : `${labs.length} labs`}`;
}

function labTitleOrSlug(slug: string, titles: Map<string, string>): string {
  return titles.get(slug) ?? slug;
}
