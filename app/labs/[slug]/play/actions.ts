"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { labSlugSchema } from "@kindling/lab-format/lab-format";
import { requireUser } from "@/lib/server/auth/current-user";
import { startOrResume } from "@/lib/server/lab-session-service";
import { getLab } from "@/lib/server/labs";

const input = z.object({ slug: labSlugSchema });

export async function startLab(form: FormData): Promise<void> {
  const { slug } = input.parse({ slug: form.get("slug") });
  const user = await requireUser(`/labs/${slug}/play`);
  const lab = await getLab(slug);
  if (!lab) redirect("/");
  const session = await startOrResume(user, lab);
  redirect(`/sessions/${session.id}`);
}
