import { randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";

const AUDIENCE = "kindling-terminal";
const ISSUER = "kindling-runner";

export interface TerminalGrant {
  sessionId: string;
  tab: number;
  /** The origin of the page allowed to open the terminal (its WebSocket Origin header). */
  origin: string;
}

export class TerminalTokenError extends Error {
  override name = "TerminalTokenError";
}

/**
 * Short-lived HS256 tokens that let a browser open one tab of one session's terminal.
 * Each token opens one connection: a copied URL cannot be replayed while it is still valid.
 */
export class TerminalTokens {
  private readonly key: Uint8Array;
  private readonly used = new Map<string, number>();

  constructor(
    secret: string,
    readonly ttlSeconds = 60,
    private readonly now: () => number = Date.now,
  ) {
    // A key of its own, so a terminal token can never pass as anything else signed with the secret.
    this.key = new TextEncoder().encode(`terminal-token:${secret}`);
  }

  async issue(grant: TerminalGrant): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(this.now() / 1000);
    const expiresAt = issuedAt + this.ttlSeconds;
    const token = await new SignJWT({ tab: grant.tab, origin: grant.origin })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(grant.sessionId)
      .setAudience(AUDIENCE)
      .setIssuer(ISSUER)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  /** Checks signature and expiry without using the token up. */
  private async verify(token: string) {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ["HS256"],
        audience: AUDIENCE,
        issuer: ISSUER,
        currentDate: new Date(this.now()),
      });
      return payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired)
        throw new TerminalTokenError("terminal token expired; ask for a new one");
      throw new TerminalTokenError("invalid terminal token");
    }
  }

  /**
   * The origin a genuine, unexpired token is bound to, or undefined for any other token:
   * lets the server refuse a foreign page before the WebSocket opens, while a bad token
   * still gets its reason as a close code.
   */
  async boundOrigin(token: string): Promise<string | undefined> {
    const payload = await this.verify(token).catch(() => undefined);
    return typeof payload?.origin === "string" ? payload.origin : undefined;
  }

  /**
   * Checks signature, expiry, and that the token is for this session and tab, opened from
   * the page origin it was issued for; uses it up.
   */
  async redeem(token: string, wanted: TerminalGrant): Promise<void> {
    const payload = await this.verify(token);
    if (payload.sub !== wanted.sessionId || payload.tab !== wanted.tab)
      throw new TerminalTokenError("terminal token is for another session or tab");
    if (typeof payload.origin !== "string" || payload.origin !== wanted.origin)
      throw new TerminalTokenError("terminal token is for a page on another origin");
    const id = payload.jti ?? "";
    if (this.used.has(id)) throw new TerminalTokenError("terminal token already used");
    const nowSeconds = this.now() / 1000;
    for (const [jti, exp] of this.used) if (exp < nowSeconds) this.used.delete(jti);
    this.used.set(id, payload.exp ?? nowSeconds + this.ttlSeconds);
  }
}
