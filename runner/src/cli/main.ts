import { Command, CommanderError } from "commander";
import { registerClusterCommands } from "./cluster-commands.ts";
import { registerConformanceCommands } from "./conformance-commands.ts";
import { registerHostCommands } from "./host-commands.ts";
import { registerImageCommands } from "./image-commands.ts";
import { registerLabCommands } from "./lab-commands.ts";
import { registerSessionCommands } from "./session-commands.ts";

/** The `kindling` CLI. Returns the process exit code; errors are one clear message, not a stack. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("kindling")
    .description("Kindling: interactive Kubernetes labs on real clusters")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerImageCommands(program);
  registerClusterCommands(program);
  registerHostCommands(program);
  registerLabCommands(program);
  registerSessionCommands(program);
  registerConformanceCommands(program);
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`kindling: ${(error as Error).message}\n`);
    return 1;
  }
}
