import { benchDefaultStart } from "./bench-runner.ts";
await benchDefaultStart(5);
process.exit(0);
