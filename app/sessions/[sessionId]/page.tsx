// The lab player for one session. Only its owner may open it: anyone else gets a 404,
// as for a session that does not exist.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/server/auth/current-user";
import { getOwnedSession } from "@/lib/server/lab-session-service";
import { getLab } from "@/lib/server/labs";
import { Player } from "./components/player";
import {
  openUpTo,
  playerEnvironment,
  playerFiles,
  playerProgress,
  playerSteps,
  stepProgress,
} from "./lib/player-data";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Lab player" };

interface Props {
  params: Promise<{ sessionId: string }>;
}

export default async function SessionPage({ params }: Props) {
  const { sessionId } = await params;
  const user = await requireUser(`/sessions/${sessionId}`);
  const session = await getOwnedSession(user, sessionId);
  const lab = session && (await getLab(session.labSlug));
  if (!session || !lab) notFound();

  const progress = await playerProgress(lab, session.id);
  const currentStep = Math.min(session.currentStep, openUpTo(lab, progress));
  await stepProgress().touch(session.id, currentStep);
  const [files, environment] = await Promise.all([
    playerFiles(lab, session.id),
    playerEnvironment(session),
  ]);

  return (
    <Player
      initial={{
        sessionId: session.id,
        labSlug: lab.slug,
        labTitle: lab.title,
        steps: playerSteps(lab),
        recap: lab.recap,
        progress,
        currentStep,
        files,
        environment,
      }}
    />
  );
}
