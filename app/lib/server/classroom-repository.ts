// Classes, their members, and the progress rows the instructor's table is built from.
// Plain DTOs; who may see what is decided by classroom-service.ts, not here.
import "server-only";
import type { PrismaClient } from "./db/prisma-client";
import type { ProgressInput, TableLab } from "./classroom-table";

export interface ClassroomDto {
  id: string;
  name: string;
  inviteCode: string;
  ownerId: string;
  ownerName: string;
  labSlugs: string[];
  createdAt: Date;
  memberCount: number;
}

export interface NewClassroom {
  name: string;
  ownerId: string;
  inviteCode: string;
  labSlugs: string[];
}

const columns = {
  id: true,
  name: true,
  inviteCode: true,
  ownerId: true,
  labSlugs: true,
  createdAt: true,
  owner: { select: { name: true } },
  _count: { select: { members: true } },
} as const;

type Row = {
  id: string;
  name: string;
  inviteCode: string;
  ownerId: string;
  labSlugs: string[];
  createdAt: Date;
  owner: { name: string };
  _count: { members: number };
};

const toDto = ({ owner, _count, ...row }: Row): ClassroomDto => ({
  ...row,
  ownerName: owner.name,
  memberCount: _count.members,
});

export class ClassroomRepository {
  constructor(private readonly db: PrismaClient) {}

  async create(classroom: NewClassroom): Promise<ClassroomDto> {
    return toDto(await this.db.classroom.create({ data: classroom, select: columns }));
  }

  async findById(id: string): Promise<ClassroomDto | null> {
    const row = await this.db.classroom.findUnique({ where: { id }, select: columns });
    return row && toDto(row);
  }

  async findByInviteCode(inviteCode: string): Promise<ClassroomDto | null> {
    const row = await this.db.classroom.findUnique({ where: { inviteCode }, select: columns });
    return row && toDto(row);
  }

  /** Classes `ownerId` teaches, newest first; every class when `ownerId` is undefined. */
  async listTaught(ownerId: string | undefined): Promise<ClassroomDto[]> {
    const rows = await this.db.classroom.findMany({
      where: ownerId ? { ownerId } : {},
      orderBy: { createdAt: "desc" },
      select: columns,
    });
    return rows.map(toDto);
  }

  /** Classes `userId` has joined, most recently joined first. */
  async listJoined(userId: string): Promise<ClassroomDto[]> {
    const rows = await this.db.classroomMember.findMany({
      where: { userId },
      orderBy: { joinedAt: "desc" },
      select: { classroom: { select: columns } },
    });
    return rows.map((row) => toDto(row.classroom));
  }

  /** Adds the learner; joining again changes nothing. Returns whether they were new. */
  async join(classroomId: string, userId: string): Promise<boolean> {
    const result = await this.db.classroomMember.createMany({
      data: [{ classroomId, userId }],
      skipDuplicates: true,
    });
    return result.count === 1;
  }

  async isMember(classroomId: string, userId: string): Promise<boolean> {
    const row = await this.db.classroomMember.findUnique({
      where: { classroomId_userId: { classroomId, userId } },
      select: { userId: true },
    });
    return row !== null;
  }

  /**
   * Everything the progress table needs for the class's members on `labs`: their lab
   * sessions, step rows and Check-attempt counts, in four queries whatever the class size.
   */
  async progressInput(classroomId: string, labs: TableLab[]): Promise<ProgressInput> {
    const memberRows = await this.db.classroomMember.findMany({
      where: { classroomId },
      select: { user: { select: { id: true, name: true, email: true } } },
    });
    const members = memberRows.map(({ user }) => ({
      userId: user.id,
      name: user.name,
      email: user.email,
    }));
    const sessions = await this.db.labSession.findMany({
      where: {
        userId: { in: members.map((m) => m.userId) },
        labSlug: { in: labs.map((lab) => lab.slug) },
      },
      select: {
        id: true,
        userId: true,
        labSlug: true,
        endedAt: true,
        expiresAt: true,
        resumeCount: true,
      },
    });
    const sessionIds = sessions.map((s) => s.id);
    const steps = await this.db.stepProgress.findMany({
      where: { sessionId: { in: sessionIds } },
      select: {
        sessionId: true,
        stepIndex: true,
        startedAt: true,
        completedAt: true,
        hintsUsed: true,
        solutionRevealed: true,
      },
    });
    const attempts = await this.db.checkAttempt.groupBy({
      by: ["sessionId", "stepIndex"],
      where: { sessionId: { in: sessionIds } },
      _count: { _all: true },
    });
    return {
      labs,
      members,
      sessions,
      steps,
      attempts: attempts.map((a) => ({
        sessionId: a.sessionId,
        stepIndex: a.stepIndex,
        count: a._count._all,
      })),
    };
  }
}
