import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { prisma } from "@/lib/server/db/prisma-client";
import { databaseHealth } from "@/lib/server/health-repository";

export const dynamic = "force-dynamic";

export async function GET() {
  const database = env.databaseUrl
    ? await databaseHealth(prisma())
    : { ok: false, migrations: 0, error: "DATABASE_URL not set" };
  return NextResponse.json({ ok: database.ok, database }, { status: database.ok ? 200 : 503 });
}
