// Where an invite link lands. Signed out: the class's name and a way to sign in or create an
// account that comes back here. Signed in: a Join button (joining changes data, so it is a
// POST, never a side effect of opening the link); after joining, the class's labs.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getCurrentUser } from "@/lib/server/auth/current-user";
import { isInviteCode } from "@/lib/server/classroom-invite";
import { classrooms } from "@/lib/server/classroom-service";
import { getCatalogue } from "@/lib/server/labs";
import styles from "../join.module.css";
import { joinClass } from "./actions";

export const metadata: Metadata = { title: "Join a class" };
export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ inviteCode: string }>;
}

export default async function JoinPage({ params }: Props) {
  const { inviteCode } = await params;
  const classroom = isInviteCode(inviteCode)
    ? await classrooms().findByInviteCode(inviteCode)
    : null;
  if (!classroom) notFound();
  const user = await getCurrentUser();
  const here = `/join/${inviteCode}`;
  const member = user ? await classrooms().isMember(classroom.id, user.id) : false;
  const titles = new Map((await getCatalogue()).labs.map((lab) => [lab.slug, lab.title]));

  return (
    <main className={styles.page}>
      <p className={styles.kicker}>Class invitation</p>
      <h1>{classroom.name}</h1>
      <p className={styles.meta}>
        Taught by {classroom.ownerName} · {classroom.labSlugs.length}{" "}
        {classroom.labSlugs.length === 1 ? "lab" : "labs"}
      </p>

      {!user ? (
        <div className={styles.card}>
          <p>
            Sign in to join this class. New here? Create an account; you come back to this page.
          </p>
          <div className={styles.actions}>
            <Link className={styles.primary} href={`/sign-in?next=${encodeURIComponent(here)}`}>
              Sign in to join
            </Link>
            <Link className={styles.secondary} href={`/sign-up?next=${encodeURIComponent(here)}`}>
              Create an account
            </Link>
          </div>
        </div>
      ) : member ? (
        <div className={styles.card} role="status">
          <p className={styles.joined}>
            ✓ You are in this class{user.id === classroom.ownerId ? " (and you teach it)" : ""}.
          </p>
          <p>Your instructor sees your progress on these labs:</p>
        </div>
      ) : (
        <form action={joinClass} className={styles.card}>
          <input type="hidden" name="inviteCode" value={inviteCode} />
          <p>
            Joining shares your progress on this class&apos;s labs (steps done, Check attempts,
            hints and time) with {classroom.ownerName}.
          </p>
          <div className={styles.actions}>
            <button type="submit" className={styles.primary}>
              Join {classroom.name}
            </button>
          </div>
        </form>
      )}

      <ol className={styles.labs} aria-label="Labs in this class">
        {classroom.labSlugs.map((slug) => (
          <li key={slug}>
            <Link href={`/labs/${slug}`}>{titles.get(slug) ?? slug}</Link>
          </li>
        ))}
      </ol>
    </main>
  );
}
