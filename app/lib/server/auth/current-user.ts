// Who is asking: the signed-in user as a plain DTO, and guards for pages and actions.
import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { UserRole } from "@/lib/server/user-repository";
import { auth } from "./auth";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
}

const ROLES: readonly UserRole[] = ["LEARNER", "INSTRUCTOR", "ADMIN"];

export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  // Reading the headers first makes every page that shows the user dynamic (never
  // prerendered at build time, when there is no database).
  const requestHeaders = await headers();
  const session = await auth()
    .api.getSession({ headers: requestHeaders })
    .catch(() => null);
  if (!session) return null;
  const { id, email, name } = session.user;
  const role = (session.user as { role?: unknown }).role;
  return {
    id,
    email,
    name,
    role: ROLES.includes(role as UserRole) ? (role as UserRole) : "LEARNER",
  };
});

/** For pages: sends a signed-out visitor to sign in, and back here afterwards. */
export async function requireUser(returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return user;
}

export function canTeach(user: CurrentUser): boolean {
  return user.role === "INSTRUCTOR" || user.role === "ADMIN";
}
