// better-auth's HTTP endpoints (sign-up, sign-in, sign-out, session) under /api/auth.
import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/server/auth/auth";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return toNextJsHandler(auth()).GET(request);
}

export async function POST(request: Request): Promise<Response> {
  return toNextJsHandler(auth()).POST(request);
}
