"use server";
// Redeeming a setup link: a server action (same-origin only, so a foreign page cannot make
// a signed-in visitor redeem it), never a side effect of opening the link, which link
// previewers and prefetchers do.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/server/auth/current-user";
import { AdminSetupRepository, adminSetupPath } from "@/lib/server/admin-setup-repository";
import { prisma } from "@/lib/server/db/prisma-client";

export async function becomeAdmin(form: FormData): Promise<void> {
  const token = String(form.get("token") ?? "");
  const here = adminSetupPath(token);
  const user = await requireUser(here);
  const outcome = await new AdminSetupRepository(prisma()).redeem(token, user.id);
  // A refused link shows why on its own page.
  if (outcome !== "admin") redirect(here);
  // The header (in the root layout) shows the new role and the Users link.
  revalidatePath("/", "layout");
  redirect("/admin/users");
}
