// /admin has one page so far: the users and their roles.
import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/server/auth/current-user";

export const dynamic = "force-dynamic";

export default async function AdminPage() {
  const user = await requireUser("/admin");
  if (user.role !== "ADMIN") notFound();
  redirect("/admin/users");
}
