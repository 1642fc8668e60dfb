// What the platform-status banner shows: the runner's image-supply view, or the runner
// itself being out of reach. Shared by the route and the client component.
import type { ImageSupplyView } from "@kindling/protocol/runner-api";

export type PlatformStatus =
  | ImageSupplyView
  | {
      phase: "runner-unavailable";
      message: string;
      done?: never;
      total?: never;
      etaSeconds?: never;
    };

export const PLATFORM_STATUS_PATH = "/api/platform-status";
