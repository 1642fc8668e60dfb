// Users, as plain DTOs: callers never see Prisma types.
import "server-only";
import type { PrismaClient } from "./db/prisma-client";

export type UserRole = "LEARNER" | "INSTRUCTOR" | "ADMIN";

export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  createdAt: Date;
}

export interface NewUser {
  email: string;
  name: string;
  role?: UserRole;
}

const columns = {
  id: true,
  email: true,
  name: true,
  role: true,
  createdAt: true,
} as const;

export class UserRepository {
  constructor(private readonly db: PrismaClient) {}

  create(user: NewUser): Promise<UserDto> {
    return this.db.user.create({
      data: { ...user, email: user.email.toLowerCase() },
      select: columns,
    });
  }

  findByEmail(email: string): Promise<UserDto | null> {
    return this.db.user.findUnique({
      where: { email: email.toLowerCase() },
      select: columns,
    });
  }

  count(): Promise<number> {
    return this.db.user.count();
  }
}
