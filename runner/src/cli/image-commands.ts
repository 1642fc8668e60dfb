import type { Command } from "commander";
import { buildImages, imageStates } from "../images/image-builder.ts";
import { seedRegistry } from "../cluster/registry-mirror.ts";
import { env } from "../env.ts";
import { formatBytes, table } from "./format.ts";

export function registerImageCommands(program: Command): void {
  const images = program
    .command("images")
    .description("build and list the images lab environments need");

  images
    .command("build")
    .description("build every missing or outdated image (a no-op when all are current)")
    .argument("[ids...]", "only these images (see `kindling images list`)")
    .option("--force", "rebuild even when current")
    .action(async (ids: string[], options: { force?: boolean }) => {
      const started = Date.now();
      const result = await buildImages({
        only: ids.length > 0 ? ids : undefined,
        force: options.force,
      });
      if (env.KINDLING_IMAGE_SOURCE === "offline")
        await seedRegistry((line) => console.error(line));
      console.log(
        `${result.built.length} built, ${result.current.length} already current (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
    });

  images
    .command("list")
    .description("show which images are present, missing or outdated, with sizes")
    .action(async () => {
      const states = await imageStates();
      const rows = [["IMAGE", "ID", "STATE", "SIZE"]];
      let total = 0;
      for (const s of states) {
        const state = !s.present ? "missing" : s.upToDate ? "present" : "outdated";
        total += s.size ?? 0;
        rows.push([
          s.spec.name,
          s.spec.id,
          state,
          s.size === undefined ? "-" : formatBytes(s.size),
        ]);
      }
      console.log(table(rows));
      const missing = states.filter((s) => !s.upToDate).length;
      console.log(
        `\n${states.length - missing} of ${states.length} current, ${formatBytes(total)} in all`,
      );
      if (missing > 0) console.log("run `npx kindling images build` to build what is missing");
    });
}
