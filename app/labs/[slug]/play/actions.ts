"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { labSlugSchema } from "@kindling/lab-format/lab-format";
import { requireUser } from "@/lib/server/auth/current-user";
import { sessions, startOrResume } from "@/lib/server/lab-session-service";
import { getLab } from "@/lib/server/labs";
import { resumeSession } from "@/lib/server/resume-service";

const input = z.object({ slug: labSlugSchema });

export async function startLab(form: FormData): Promise<void> {
  const { slug } = input.parse({ slug: form.get("slug") });
  const user = await requireUser(`/labs/${slug}/play`);
  const lab = await getLab(slug);
  if (!lab) redirect("/");
  const session = await startOrResume(user, lab);
  redirect(`/sessions/${session.id}`);
}

const resumeInput = z.object({
  slug: labSlugSchema,
  session: z.string().regex(/^[a-z0-9]{10,40}$/),
});

/** "Resume where you left off": the learner's last run of the lab, in a fresh environment. */
export async function resumeLab(form: FormData): Promise<void> {
  const { slug, session: sessionId } = resumeInput.parse({
    slug: form.get("slug"),
    session: form.get("session"),
  });
  const user = await requireUser(`/labs/${slug}/play`);
  const lab = await getLab(slug);
  if (!lab) redirect("/");
  // An offer that is no longer the latest (another tab resumed it) starts nothing new.
  const session =
    (await sessions().findOpen(user.id, slug)) ?? (await resumeSession(user, lab, sessionId));
  redirect(session ? `/sessions/${session.id}` : `/labs/${slug}/play`);
}
