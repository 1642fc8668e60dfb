// The way into a lab's player: resumes the learner's open session, or offers to start one
// (a POST, so that link prefetching never starts clusters).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/server/auth/current-user";
import { sessions } from "@/lib/server/lab-session-service";
import { PlatformStatusBanner } from "@/components/platform-status-banner";
import { getLab } from "@/lib/server/labs";
import { resumeOffer } from "@/lib/server/resume-service";
import styles from "./play.module.css";
import { resumeLab, startLab } from "./actions";
import { ResumeOffer } from "./resume-offer";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ slug: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const lab = await getLab((await params).slug);
  return { title: lab ? `Start ${lab.title}` : "Lab not found" };
}

export default async function PlayPage({ params }: Props) {
  const { slug } = await params;
  const lab = await getLab(slug);
  if (!lab) notFound();
  const user = await requireUser(`/labs/${slug}/play`);
  const open = await sessions().findOpen(user.id, slug);
  if (open) redirect(`/sessions/${open.id}`);
  const offer = await resumeOffer(user, lab);

  return (
    <main className={styles.page}>
      <Link href={`/labs/${slug}`} className={styles.back}>
        ← {lab.title}
      </Link>
      <h1>{lab.title}</h1>
      <PlatformStatusBanner />
      <p>{lab.summary}</p>
      <p className={styles.facts}>
        About {lab.durationMinutes} minutes · a cluster with{" "}
        {lab.topology.workers === 0 ? "one node" : `${lab.topology.workers + 1} nodes`} of your own
      </p>
      {offer ? (
        <ResumeOffer
          slug={slug}
          offer={offer}
          stepTitle={lab.steps[offer.step]?.title ?? ""}
          resume={resumeLab}
          startFresh={startLab}
        />
      ) : (
        <form action={startLab}>
          <input type="hidden" name="slug" value={slug} />
          <button type="submit" className={styles.start}>
            Start lab
          </button>
        </form>
      )}
    </main>
  );
}
