// Accounts: better-auth with its Prisma adapter. Email + password (scrypt, the library's
// own hashing), cookie sessions, origin checks on every state-changing request (CSRF) and
// a database-backed rate limit that is strictest on sign-in, keyed on the client's real
// address. No sign-up ever grants a role: the first admin is made by an operator
// (admin-setup.ts, or `npm run admin`).
import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { CLIENT_ADDRESS_HEADER } from "@/lib/client-address";
import { env } from "@/lib/env";
import { prisma } from "@/lib/server/db/prisma-client";
import { authSecret } from "./auth-secret";

/** Sign-in attempts allowed per client address per minute. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;

function createAuth() {
  return betterAuth({
    appName: "Kindling",
    secret: authSecret(),
    baseURL: env.publicUrl,
    // The site's own origin, as the browser addressed it (its Host header), is trusted;
    // an operator's public URL in addition.
    trustedOrigins: (request) => {
      const origins = env.publicUrl ? [env.publicUrl] : [];
      const host = request?.headers.get("host");
      if (host) {
        const proto = request?.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
        origins.push(`${proto}://${host}`);
      }
      return origins;
    },
    database: prismaAdapter(prisma(), { provider: "postgresql" }),
    session: { modelName: "authSession", expiresIn: 60 * 60 * 24 * 7 },
    user: {
      additionalFields: {
        // Never settable from a sign-up form: roles are granted by an admin.
        role: { type: "string", input: false, defaultValue: "LEARNER", returned: true },
      },
    },
    account: { modelName: "account" },
    verification: { modelName: "verification" },
    emailAndPassword: {
      enabled: true,
      autoSignIn: true,
      minPasswordLength: 10,
      maxPasswordLength: 128,
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      modelName: "rateLimit",
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 60, max: SIGN_IN_ATTEMPTS_PER_MINUTE },
        "/sign-up/email": { window: 60, max: SIGN_IN_ATTEMPTS_PER_MINUTE },
      },
    },
    advanced: {
      // Always check origins (CSRF): better-auth would skip it whenever it thinks it runs
      // under a test runner, which is exactly when the tests must see it work.
      disableOriginCheck: false,
      // Prisma's @default(cuid()) makes the ids.
      database: { generateId: false },
      useSecureCookies: env.publicUrl?.startsWith("https://") ?? false,
      // Only the header our own web server writes from the TCP peer (scripts/web-server.ts);
      // X-Forwarded-For, better-auth's default, is whatever the client says.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    plugins: [nextCookies()],
  });
}

const cache = globalThis as typeof globalThis & { kindlingAuth?: ReturnType<typeof createAuth> };

export function auth(): ReturnType<typeof createAuth> {
  cache.kindlingAuth ??= createAuth();
  return cache.kindlingAuth;
}
