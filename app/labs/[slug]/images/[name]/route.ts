// A lab's pictures (the diagrams its steps and recap show), read from the lab's folder. Only
// plain .svg/.png names of a lab that loads are served; an SVG is sent with a policy that
// lets it draw and nothing else, so opened on its own it cannot run a script.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { IMAGE_FILE } from "@kindling/lab-format/step-blocks";
import { env } from "@/lib/env";
import { getLab } from "@/lib/server/labs";

export const dynamic = "force-dynamic";

const TYPES: Record<string, string> = { svg: "image/svg+xml", png: "image/png" };

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ slug: string; name: string }> },
): Promise<Response> {
  const { slug, name } = await params;
  const lab = IMAGE_FILE.test(name) ? await getLab(slug) : undefined;
  const body = lab
    ? await readFile(path.join(env.labsDir, lab.slug, name)).catch(() => undefined)
    : undefined;
  if (!body) return new Response("not found", { status: 404 });
  return new Response(new Uint8Array(body), {
    headers: {
      "content-type": TYPES[name.slice(name.lastIndexOf(".") + 1)]!,
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      "x-content-type-options": "nosniff",
      "cache-control": "no-cache",
    },
  });
}
