// The class's progress table as JSON: the instructor's page polls it to stay live.
import { NextResponse } from "next/server";
import { progressTable } from "@/lib/server/classroom-service";
import { taughtClassForRequest } from "../lib/taught-class-request";

export const dynamic = "force-dynamic";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const classroom = await taughtClassForRequest(params);
  if (classroom instanceof Response) return classroom;
  return NextResponse.json(
    { table: await progressTable(classroom), updatedAt: new Date().toISOString() },
    { headers: { "cache-control": "no-store" } },
  );
}
