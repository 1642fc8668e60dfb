import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PlatformStatusBanner } from "@/components/platform-status-banner";
import { getLab } from "@/lib/server/labs";
import styles from "./page.module.css";
import { StepMarkdown } from "./step-markdown";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ slug: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const lab = await getLab((await params).slug);
  return { title: lab?.title ?? "Lab not found" };
}

export default async function LabPage({ params }: Props) {
  const lab = await getLab((await params).slug);
  if (!lab) notFound();

  return (
    <main className={styles.layout}>
      <section className={styles.steps} aria-label="Steps">
        <Link href="/" className={styles.back}>
          ← All labs
        </Link>
        <PlatformStatusBanner />
        <h1>{lab.title}</h1>
        <p className={styles.summary}>{lab.summary}</p>
        <p className={styles.facts}>
          <span className={styles.difficulty}>{lab.difficulty}</span>
          <span>{lab.durationMinutes} min</span>
          <span>
            {lab.topology.workers === 0
              ? "single-node cluster"
              : `1 control plane + ${lab.topology.workers} ${lab.topology.workers === 1 ? "worker" : "workers"}`}
          </span>
          {lab.kubernetesVersion && <span>Kubernetes {lab.kubernetesVersion}</span>}
        </p>

        <ol className={styles.stepList}>
          {lab.steps.map((step, index) => (
            <li key={step.file} className={styles.step} id={`step-${index + 1}`}>
              <h2>
                <span className={styles.stepNumber}>{index + 1}</span>
                {step.title}
              </h2>
              <StepMarkdown slug={lab.slug} markdown={step.markdown} title={step.title} />
            </li>
          ))}
        </ol>
      </section>

      <section className={styles.workArea} aria-label="Lab environment">
        <div className={styles.workAreaInner}>
          <p className={styles.workAreaTitle}>Your lab environment starts here</p>
          <p>A terminal and an editor connected to a cluster of your own open in the lab player.</p>
          <Link href={`/labs/${lab.slug}/play`} className={styles.startLink} prefetch={false}>
            Open the lab player
          </Link>
        </div>
      </section>
    </main>
  );
}
