// The header on every page: the brand, where a user can go, and who is signed in.
import Link from "next/link";
import { canTeach, getCurrentUser } from "@/lib/server/auth/current-user";
import { SignOutButton } from "./sign-out-button";

const ROLE_LABEL = { LEARNER: "learner", INSTRUCTOR: "instructor", ADMIN: "admin" } as const;

export async function SiteHeader() {
  const user = await getCurrentUser();
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Kindling
      </Link>
      <span className="tagline">Kubernetes labs on real clusters</span>
      <nav className="site-nav" aria-label="Account">
        {user ? (
          <>
            {/* Everyone signed in may have joined classes; instructors also teach there. */}
            <Link href="/classes">{canTeach(user) ? "Classes" : "My classes"}</Link>
            {user.role === "ADMIN" && <Link href="/admin/users">Users</Link>}
            <span className="signed-in-as" data-testid="signed-in-as">
              {user.name} <span className="role-badge">{ROLE_LABEL[user.role]}</span>
            </span>
            <SignOutButton />
          </>
        ) : (
          <>
            <Link href="/sign-in">Sign in</Link>
            <Link href="/sign-up" className="nav-primary">
              Create account
            </Link>
          </>
        )}
      </nav>
    </header>
  );
}
