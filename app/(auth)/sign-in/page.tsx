import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/server/auth/current-user";
import { AuthForm } from "../auth-form";
import styles from "../auth.module.css";
import { safeReturnPath } from "../safe-return-path";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

interface Props {
  searchParams: Promise<{ next?: string | string[] }>;
}

export default async function SignInPage({ searchParams }: Props) {
  const returnTo = safeReturnPath((await searchParams).next);
  if (await getCurrentUser()) redirect(returnTo);
  return (
    <main className={styles.page}>
      <h1>Sign in</h1>
      <AuthForm mode="sign-in" returnTo={returnTo} />
    </main>
  );
}
