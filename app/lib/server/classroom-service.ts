// Classes as the pages and routes use them, with the access rules in one place: a class is
// seen only by its owner or an admin (everyone else gets null, which callers answer with
// 404, the same as for a class that does not exist).
import "server-only";
import { canTeach, type CurrentUser } from "./auth/current-user";
import { prisma } from "./db/prisma-client";
import { inCourseOrder } from "./classroom-course-order";
import { newInviteCode } from "./classroom-invite";
import { ClassroomRepository, type ClassroomDto } from "./classroom-repository";
import { buildProgressTable, type ProgressTable, type TableLab } from "./classroom-table";
import { getCatalogue, getLab } from "./labs";

export const classrooms = () => new ClassroomRepository(prisma());

export async function getTaughtClass(user: CurrentUser, id: string): Promise<ClassroomDto | null> {
  if (!canTeach(user) || !/^[a-z0-9]{10,40}$/.test(id)) return null;
  const classroom = await classrooms().findById(id);
  if (!classroom) return null;
  return classroom.ownerId === user.id || user.role === "ADMIN" ? classroom : null;
}

export type CreateClassResult =
  { ok: true; classroom: ClassroomDto } | { ok: false; error: string };

export async function createClass(
  user: CurrentUser,
  name: string,
  labSlugs: string[],
): Promise<CreateClassResult> {
  if (!canTeach(user)) return { ok: false, error: "Only instructors can create classes." };
  const catalogue = (await getCatalogue()).labs.map((lab) => lab.slug);
  const unknown = labSlugs.filter((slug) => !catalogue.includes(slug));
  if (unknown.length) return { ok: false, error: `No such lab: ${unknown.join(", ")}.` };
  if (labSlugs.length === 0) return { ok: false, error: "Choose at least one lab." };
  const classroom = await classrooms().create({
    name,
    ownerId: user.id,
    inviteCode: newInviteCode(),
    labSlugs: inCourseOrder(labSlugs, catalogue),
  });
  return { ok: true, classroom };
}

/** The class's labs as the table shows them; a lab deleted from disk since is left out. */
export async function classLabs(classroom: ClassroomDto): Promise<TableLab[]> {
  const labs = await Promise.all(classroom.labSlugs.map((slug) => getLab(slug)));
  return labs.flatMap((lab) =>
    lab
      ? [
          {
            slug: lab.slug,
            title: lab.title,
            steps: lab.steps.map(({ id, title }) => ({ id, title })),
          },
        ]
      : [],
  );
}

export async function progressTable(classroom: ClassroomDto): Promise<ProgressTable> {
  const input = await classrooms().progressInput(classroom.id, await classLabs(classroom));
  return buildProgressTable(input, new Date());
}
