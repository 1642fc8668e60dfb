"use server";
// Changing a user's role. A server action (same-origin only); the caller must be an admin
// now, at the time of the request, whatever the page showed earlier.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/server/auth/current-user";
import { prisma } from "@/lib/server/db/prisma-client";
import { ROLES, UserRoleRepository } from "@/lib/server/user-role-repository";

export interface RoleFormState {
  /** Set after each submit, so the row can say what happened. */
  message: string | null;
  ok: boolean;
}

const input = z.object({
  userId: z.string().regex(/^[a-z0-9]{10,40}$/),
  role: z.enum(ROLES as ["LEARNER", "INSTRUCTOR", "ADMIN"]),
});

export async function changeRole(_previous: RoleFormState, form: FormData): Promise<RoleFormState> {
  const actor = await requireUser("/admin/users");
  if (actor.role !== "ADMIN") return { ok: false, message: "Only admins can change roles." };
  const parsed = input.safeParse({ userId: form.get("userId"), role: form.get("role") });
  if (!parsed.success) return { ok: false, message: "Choose learner, instructor or admin." };
  const result = await new UserRoleRepository(prisma()).setRoleById(
    parsed.data.userId,
    parsed.data.role,
  );
  if (!result.ok) {
    return {
      ok: false,
      message:
        result.reason === "last-admin"
          ? "Not changed: this is the last admin. Make someone else admin first."
          : "Not changed: that user no longer exists.",
    };
  }
  revalidatePath("/admin/users");
  return { ok: true, message: result.changed ? "Saved." : "Unchanged." };
}
