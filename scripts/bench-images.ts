// The image set in `npm run bench`: the last build of each image as this host recorded it
// (the builder writes every image's seconds to $KINDLING_CACHE/image-build-times.json, so a
// cold build's breakdown is known without running 20 minutes of builds in a bench), and the
// warm no-op, measured now.
import { readBuildTimes } from "../runner/src/images/build-progress.ts";
import { buildImages, plannedImages } from "../runner/src/images/image-builder.ts";

export async function benchImages(runs = 3): Promise<void> {
  const times = readBuildTimes();
  const planned = plannedImages().map((p) => p.spec.id);
  const known = planned.filter((id) => times[id] !== undefined);
  if (known.length > 0) {
    const total = known.reduce((sum, id) => sum + times[id]!, 0);
    const slowest = [...known].sort((a, b) => times[b]! - times[a]!);
    const breakdown = slowest.map((id) => `${id} ${times[id]!.toFixed(0)} s`).join(", ");
    const coverage =
      known.length === planned.length ? "" : ` (${known.length} of ${planned.length} recorded)`;
    console.log(
      `${"image set: last build, per image".padEnd(34)} ${(total / 60).toFixed(1)} min${coverage}: ${breakdown}`,
    );
  } else {
    console.log(`${"image set: last build, per image".padEnd(34)} none recorded on this host yet`);
  }
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = await buildImages({ log: () => {} }).catch((error: Error) => error);
    if (result instanceof Error) {
      console.log(
        `${"image set: warm no-op".padEnd(34)} skipped: ${result.message.split("\n")[0]}`,
      );
      return;
    }
    const { built } = result;
    if (built.length > 0) console.log(`(built ${built.length} missing images first)`);
    else warm.push(performance.now() - started);
  }
  warm.sort((a, b) => a - b);
  if (warm.length > 0)
    console.log(
      `${"image set: warm no-op".padEnd(34)} n=${warm.length}  p50 ${(warm[Math.floor(warm.length / 2)]! / 1000).toFixed(2)} s`,
    );
}
