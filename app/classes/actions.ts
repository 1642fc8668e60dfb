"use server";
// Creating a class. A server action: Next.js refuses it from another origin (CSRF), and
// the role is checked here on the server, whatever the page showed.
import { redirect } from "next/navigation";
import { z } from "zod";
import { labSlugSchema } from "@kindling/lab-format/lab-format";
import { requireUser } from "@/lib/server/auth/current-user";
import { createClass } from "@/lib/server/classroom-service";

export interface CreateClassState {
  error: string | null;
}

const input = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the class a name.")
    .max(100, "Keep the name under 100 characters."),
  labs: z.array(labSlugSchema).max(50),
});

export async function createClassAction(
  _previous: CreateClassState,
  form: FormData,
): Promise<CreateClassState> {
  const user = await requireUser("/classes");
  const parsed = input.safeParse({ name: form.get("name") ?? "", labs: form.getAll("labs") });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check the form." };
  const result = await createClass(user, parsed.data.name, parsed.data.labs);
  if (!result.ok) return { error: result.error };
  redirect(`/classes/${result.classroom.id}`);
}
