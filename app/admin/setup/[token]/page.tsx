// Where the operator's one-time setup link lands (printed by `npm start` while no admin
// exists). Signed out: sign in or create the account that will administer Kindling, and
// come back. Signed in: one button makes this account the admin and uses the link up.
import type { Metadata } from "next";
import Link from "next/link";
import { getCurrentUser } from "@/lib/server/auth/current-user";
import { AdminSetupRepository, adminSetupPath } from "@/lib/server/admin-setup-repository";
import { prisma } from "@/lib/server/db/prisma-client";
import { becomeAdmin } from "./actions";
import styles from "./setup.module.css";

export const metadata: Metadata = { title: "Set up the first admin" };
export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ token: string }>;
}

export default async function AdminSetupPage({ params }: Props) {
  const { token } = await params;
  const here = adminSetupPath(token);
  const usable = await new AdminSetupRepository(prisma()).isUsable(token);
  const user = usable ? await getCurrentUser() : null;

  return (
    <main className={styles.page}>
      <p className={styles.kicker}>Operator setup</p>
      <h1>Set up the first admin</h1>
      {!usable ? (
        <div className={styles.card} role="alert">
          <p>
            This setup link does not work: it was used, it expired, a newer one was printed, or this
            installation already has an admin.
          </p>
          <p>
            An operator can print a fresh link with <code>npm run admin -- setup-link</code>, or
            grant the role directly with <code>npm run admin -- grant EMAIL admin</code>.
          </p>
        </div>
      ) : !user ? (
        <div className={styles.card}>
          <p>
            Sign in with the account that will administer Kindling, or create it; you come back to
            this page.
          </p>
          <div className={styles.actions}>
            <Link className={styles.primary} href={`/sign-in?next=${encodeURIComponent(here)}`}>
              Sign in
            </Link>
            <Link className={styles.secondary} href={`/sign-up?next=${encodeURIComponent(here)}`}>
              Create an account
            </Link>
          </div>
        </div>
      ) : (
        <form action={becomeAdmin} className={styles.card}>
          <input type="hidden" name="token" value={token} />
          <p>
            Signed in as <strong>{user.name}</strong> ({user.email}). An admin manages every
            account&apos;s role. The link works once.
          </p>
          <div className={styles.actions}>
            <button type="submit" className={styles.primary}>
              Make me the admin
            </button>
          </div>
        </form>
      )}
    </main>
  );
}
