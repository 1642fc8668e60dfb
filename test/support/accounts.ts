// Accounts made over plain HTTP, as a second browser would make them: for tests that need
// several users without driving a sign-up form for each.
import { expect } from "vitest";

/** Signs up through better-auth's endpoint; returns the new user's cookie header. */
export async function signUpOverHttp(
  appUrl: string,
  user: { name: string; email: string; password: string },
): Promise<string> {
  const response = await fetch(`${appUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: appUrl },
    body: JSON.stringify(user),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}
