"use server";
// Joining a class: a server action (same-origin only, so a foreign page cannot enrol a
// signed-in learner), idempotent, and only for a signed-in user.
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/server/auth/current-user";
import { isInviteCode } from "@/lib/server/classroom-invite";
import { classrooms } from "@/lib/server/classroom-service";

export async function joinClass(form: FormData): Promise<void> {
  const code = String(form.get("inviteCode") ?? "");
  const back = isInviteCode(code) ? `/join/${code}` : "/classes";
  const user = await requireUser(back);
  const classroom = isInviteCode(code) ? await classrooms().findByInviteCode(code) : null;
  if (classroom) await classrooms().join(classroom.id, user.id);
  // The page shows the outcome: joined, or "this link is not valid".
  redirect(back);
}
