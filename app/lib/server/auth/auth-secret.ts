// The key better-auth signs session cookies with. An operator sets KINDLING_AUTH_SECRET;
// otherwise one is generated once and kept beside the embedded database, so that sign-ins
// survive restarts without any set-up.
import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

export function authSecret(): string {
  if (env.authSecret) return env.authSecret;
  const file = path.join(env.dataDir, "auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(env.dataDir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    // "wx": if another worker wrote it first, keep theirs.
    try {
      writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      return secret;
    } catch {
      return readFileSync(file, "utf8").trim();
    }
  }
}
