import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/server/auth/current-user";
import { AuthForm } from "../auth-form";
import styles from "../auth.module.css";
import { safeReturnPath } from "../safe-return-path";

export const metadata: Metadata = { title: "Create an account" };
export const dynamic = "force-dynamic";

interface Props {
  searchParams: Promise<{ next?: string | string[] }>;
}

export default async function SignUpPage({ searchParams }: Props) {
  const returnTo = safeReturnPath((await searchParams).next);
  if (await getCurrentUser()) redirect(returnTo);
  return (
    <main className={styles.page}>
      <h1>Create an account</h1>
      <AuthForm mode="sign-up" returnTo={returnTo} />
    </main>
  );
}
