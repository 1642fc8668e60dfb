// The first admin is made by an operator, never by whoever signs up first: while no admin
// exists, `npm start` prints a one-time setup link (`npm run admin -- setup-link`), and the
// signed-in account that redeems it becomes admin. The token is random, kept only as a
// SHA-256 hash in better-auth's Verification table (single-use tokens with an expiry are
// what it holds), replaced by each new link, and used up by one atomic delete, so two
// accounts racing with the same link cannot both win.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "./db/prisma-client";

const IDENTIFIER = "kindling:admin-setup";
/** Long enough to open the link after the start, short enough that an old log is useless. */
export const ADMIN_SETUP_TTL_MINUTES = 60;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const adminSetupPath = (token: string) => `/admin/setup/${token}`;

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export type AdminSetupOutcome = "admin" | "invalid" | "admin-exists";

export class AdminSetupRepository {
  constructor(
    private readonly db: PrismaClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A fresh link's token while no admin exists (older links stop working); else null. */
  async issue(): Promise<{ token: string; expiresAt: Date } | null> {
    if (await this.hasAdmin()) {
      await this.db.verification.deleteMany({ where: { identifier: IDENTIFIER } });
      return null;
    }
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(this.now().getTime() + ADMIN_SETUP_TTL_MINUTES * 60_000);
    await this.db.$transaction([
      this.db.verification.deleteMany({ where: { identifier: IDENTIFIER } }),
      this.db.verification.create({
        data: { identifier: IDENTIFIER, value: hash(token), expiresAt },
      }),
    ]);
    return { token, expiresAt };
  }

  /** Whether the link would work now; for the page, which must not use it up. */
  async isUsable(token: string): Promise<boolean> {
    if (!TOKEN.test(token) || (await this.hasAdmin())) return false;
    const row = await this.db.verification.findFirst({
      where: { identifier: IDENTIFIER, value: hash(token), expiresAt: { gt: this.now() } },
      select: { id: true },
    });
    return row !== null;
  }

  /** Uses the link up and makes the user admin; only one caller can ever get "admin". */
  async redeem(token: string, userId: string): Promise<AdminSetupOutcome> {
    if (!TOKEN.test(token)) return "invalid";
    return this.db.$transaction(async (tx) => {
      // Deleting the row is the claim: a second, concurrent delete finds nothing.
      const claimed = await tx.verification.deleteMany({
        where: { identifier: IDENTIFIER, value: hash(token), expiresAt: { gt: this.now() } },
      });
      if (claimed.count !== 1) return "invalid";
      if ((await tx.user.count({ where: { role: "ADMIN" } })) > 0) return "admin-exists";
      await tx.user.update({ where: { id: userId }, data: { role: "ADMIN" } });
      return "admin";
    });
  }

  private async hasAdmin(): Promise<boolean> {
    return (await this.db.user.count({ where: { role: "ADMIN" } })) > 0;
  }
}
