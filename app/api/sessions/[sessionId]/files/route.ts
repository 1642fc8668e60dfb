// The learner's editor files of one session, as JSON. Only the session's owner gets them;
// anyone else gets the same 404 as for a session that does not exist.
import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/server/auth/current-user";
import { getOwnedSession } from "@/lib/server/lab-session-service";
import { getLab } from "@/lib/server/labs";
import { playerFiles } from "@/sessions/[sessionId]/lib/player-data";

export const dynamic = "force-dynamic";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ sessionId: string }> },
): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "sign in first" }, { status: 401 });
  const session = await getOwnedSession(user, (await params).sessionId);
  const lab = session && (await getLab(session.labSlug));
  if (!session || !lab) return NextResponse.json({ error: "not found" }, { status: 404 });
  return NextResponse.json({ files: await playerFiles(lab, session.id) });
}
