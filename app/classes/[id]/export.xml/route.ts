// The class's progress as JUnit XML: a testcase per learner × lab × step, failed when the
// step is not completed.
import { progressJUnit } from "@/lib/server/classroom-junit";
import { progressTable } from "@/lib/server/classroom-service";
import { attachment, fileStem, taughtClassForRequest } from "../lib/taught-class-request";

export const dynamic = "force-dynamic";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const classroom = await taughtClassForRequest(params);
  if (classroom instanceof Response) return classroom;
  const xml = progressJUnit(await progressTable(classroom), classroom.name);
  return attachment(xml, "application/xml; charset=utf-8", `${fileStem(classroom.name)}-junit.xml`);
}
