// One class, for its instructor (or an admin): the invite link, the live roster × lab ×
// step progress table, and the exports. Anyone else gets the site's 404.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/server/auth/current-user";
import { getTaughtClass, progressTable } from "@/lib/server/classroom-service";
import { siteOrigin } from "@/lib/server/site-origin";
import styles from "./class.module.css";
import { CopyInvite } from "./components/copy-invite";
import { LiveProgress } from "./components/live-progress";

export const metadata: Metadata = { title: "Class" };
export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ id: string }>;
}

export default async function ClassPage({ params }: Props) {
  const { id } = await params;
  const user = await requireUser(`/classes/${id}`);
  const classroom = await getTaughtClass(user, id);
  if (!classroom) notFound();
  const table = await progressTable(classroom);
  const inviteUrl = `${await siteOrigin()}/join/${classroom.inviteCode}`;

  return (
    <main className={styles.page}>
      <Link href="/classes" className={styles.back}>
        ← Classes
      </Link>
      <div className={styles.titleRow}>
        <div>
          <h1>{classroom.name}</h1>
          <p className={styles.meta}>
            {classroom.ownerId === user.id ? "Your class" : `Taught by ${classroom.ownerName}`} ·
            created {classroom.createdAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}
          </p>
        </div>
        <nav className={styles.exports} aria-label="Export progress">
          <a href={`/classes/${classroom.id}/export.csv`} download className={styles.exportLink}>
            Export CSV
          </a>
          <a href={`/classes/${classroom.id}/export.xml`} download className={styles.exportLink}>
            Export JUnit XML
          </a>
        </nav>
      </div>
      <CopyInvite url={inviteUrl} />
      <LiveProgress classId={classroom.id} initial={table} />
    </main>
  );
}
