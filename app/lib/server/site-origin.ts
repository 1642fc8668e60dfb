// The address people reach this site at, for every URL the site hands out (invite links,
// terminal origins): the operator's KINDLING_PUBLIC_URL, or else the origin the visitor's
// browser is actually on. Next's production server forwards requests internally, so the
// browser's own Host arrives as x-forwarded-host; `host` may be Next's listening address.
import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

export async function siteOrigin(): Promise<string> {
  if (env.publicUrl) return new URL(env.publicUrl).origin;
  return originFromHeaders(await headers());
}

export function originFromHeaders(h: Pick<Headers, "get">): string {
  const first = (name: string) => h.get(name)?.split(",")[0]?.trim() || undefined;
  const host = first("x-forwarded-host") ?? first("host") ?? "localhost";
  const proto = first("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${host}`;
}
