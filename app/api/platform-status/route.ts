// Whether lab environments can be made right now, for the banner on the catalogue, lab
// and player pages: the image set's build progress, or what an operator must do.
import { NextResponse } from "next/server";
import { RunnerUnavailable, runnerClient } from "@/lib/server/runner-client";
import type { PlatformStatus } from "@/lib/platform-status";

export const dynamic = "force-dynamic";

export async function GET() {
  let body: PlatformStatus;
  try {
    const { images } = await runnerClient.status();
    body = images;
  } catch (error) {
    const message =
      error instanceof RunnerUnavailable ? error.message : "The lab runner is not answering.";
    body = {
      phase: "runner-unavailable",
      message: `${message} The catalogue works meanwhile; lab environments start once the runner is back (\`npm start\` runs it).`,
    };
  }
  return NextResponse.json(body, { headers: { "cache-control": "no-store" } });
}
