"use client";
// Sign-in and sign-up forms. They post to better-auth's own endpoints (/api/auth), which
// check the request's origin and rate-limit attempts; errors are announced to screen
// readers and keep the form's layout steady.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { authClient } from "@/lib/client/auth-client";
import styles from "./auth.module.css";

interface Props {
  mode: "sign-in" | "sign-up";
  returnTo: string;
}

export function AuthForm({ mode, returnTo }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setPending(true);
    setError(null);
    const result =
      mode === "sign-in"
        ? await authClient.signIn.email({ email, password })
        : await authClient.signUp.email({ email, password, name: String(form.get("name") ?? "") });
    setPending(false);
    if (result.error) {
      setError(describeError(result.error));
      return;
    }
    router.replace(returnTo);
    router.refresh();
  }

  const query = returnTo === "/" ? "" : `?next=${encodeURIComponent(returnTo)}`;
  return (
    <form className={styles.form} onSubmit={onSubmit} aria-describedby="auth-error">
      {mode === "sign-up" && (
        <label className={styles.field}>
          <span>Name</span>
          <input name="name" autoComplete="name" required maxLength={100} />
        </label>
      )}
      <label className={styles.field}>
        <span>Email</span>
        <input name="email" type="email" autoComplete="email" required maxLength={200} />
      </label>
      <label className={styles.field}>
        <span>Password</span>
        <input
          name="password"
          type="password"
          autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
          required
          minLength={mode === "sign-up" ? 10 : undefined}
          maxLength={128}
        />
        {mode === "sign-up" && <small>At least 10 characters.</small>}
      </label>
      <p id="auth-error" className={styles.error} role="alert">
        {error}
      </p>
      <button type="submit" className={styles.submit} disabled={pending}>
        {pending
          ? mode === "sign-in"
            ? "Signing in…"
            : "Creating account…"
          : mode === "sign-in"
            ? "Sign in"
            : "Create account"}
      </button>
      <p className={styles.switch}>
        {mode === "sign-in" ? (
          <>
            New here? <Link href={`/sign-up${query}`}>Create an account</Link>
          </>
        ) : (
          <>
            Have an account? <Link href={`/sign-in${query}`}>Sign in</Link>
          </>
        )}
      </p>
    </form>
  );
}

function describeError(error: { status?: number; message?: string; code?: string }): string {
  if (error.status === 429) return "Too many attempts. Wait a minute, then try again.";
  if (error.code === "INVALID_EMAIL_OR_PASSWORD") return "That email and password do not match.";
  if (
    error.code === "USER_ALREADY_EXISTS" ||
    error.code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"
  )
    return "An account with that email already exists. Sign in instead.";
  return error.message || "Something went wrong. Try again.";
}
