// The class's progress as CSV, one line per learner × lab × step.
import { progressCsv } from "@/lib/server/classroom-csv";
import { progressTable } from "@/lib/server/classroom-service";
import { attachment, fileStem, taughtClassForRequest } from "../lib/taught-class-request";

export const dynamic = "force-dynamic";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const classroom = await taughtClassForRequest(params);
  if (classroom instanceof Response) return classroom;
  const csv = progressCsv(await progressTable(classroom));
  return attachment(csv, "text/csv; charset=utf-8", `${fileStem(classroom.name)}-progress.csv`);
}
