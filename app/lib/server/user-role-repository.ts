// Who holds which role, and changing it: shared by the admin page and the operator's
// `npm run admin` command, so both keep the one rule that matters — an installation never
// loses its last admin.
import "server-only";
import type { PrismaClient } from "./db/prisma-client";
import type { UserDto, UserRole } from "./user-repository";

export const ROLES: readonly UserRole[] = ["LEARNER", "INSTRUCTOR", "ADMIN"];

export type RoleChange =
  { ok: true; user: UserDto; changed: boolean } | { ok: false; reason: "not-found" | "last-admin" };

const columns = { id: true, email: true, name: true, role: true, createdAt: true } as const;

/** Why a change must be refused, or null. Pure, so the rule is tested on its own. */
export function roleChangeProblem(
  current: UserRole,
  next: UserRole,
  admins: number,
): "last-admin" | null {
  return current === "ADMIN" && next !== "ADMIN" && admins <= 1 ? "last-admin" : null;
}

export class UserRoleRepository {
  constructor(private readonly db: PrismaClient) {}

  list(): Promise<UserDto[]> {
    return this.db.user.findMany({
      orderBy: [{ createdAt: "asc" }, { email: "asc" }],
      select: columns,
    });
  }

  setRoleById(userId: string, role: UserRole): Promise<RoleChange> {
    return this.setRole({ id: userId }, role);
  }

  setRoleByEmail(email: string, role: UserRole): Promise<RoleChange> {
    return this.setRole({ email: email.trim().toLowerCase() }, role);
  }

  /**
   * Counting admins and demoting one happen in one serializable transaction: two admins
   * demoting each other at the same moment must not both succeed.
   */
  private setRole(where: { id: string } | { email: string }, role: UserRole): Promise<RoleChange> {
    return this.db.$transaction(
      async (tx) => {
        const user = await tx.user.findUnique({ where, select: columns });
        if (!user) return { ok: false, reason: "not-found" } as const;
        if (user.role === role) return { ok: true, user, changed: false } as const;
        const admins = await tx.user.count({ where: { role: "ADMIN" } });
        const problem = roleChangeProblem(user.role, role, admins);
        if (problem) return { ok: false, reason: problem } as const;
        const updated = await tx.user.update({
          where: { id: user.id },
          data: { role },
          select: columns,
        });
        return { ok: true, user: updated, changed: true } as const;
      },
      { isolationLevel: "Serializable" },
    );
  }
}
