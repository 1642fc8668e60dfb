// The guard every class route starts with: signed in (401 otherwise), and the class's
// owner or an admin (404 otherwise, the same answer as for a class that does not exist).
import "server-only";
import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/server/auth/current-user";
import type { ClassroomDto } from "@/lib/server/classroom-repository";
import { getTaughtClass } from "@/lib/server/classroom-service";

export async function taughtClassForRequest(
  params: Promise<{ id: string }>,
): Promise<ClassroomDto | Response> {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "sign in first" }, { status: 401 });
  const classroom = await getTaughtClass(user, (await params).id);
  return classroom ?? NextResponse.json({ error: "not found" }, { status: 404 });
}

/** `Networking 101!` → `networking-101`, for download file names. */
export function fileStem(name: string): string {
  const stem = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return stem || "class";
}

export function attachment(body: string, type: string, filename: string): Response {
  return new Response(body, {
    headers: {
      "content-type": type,
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
