import { type BrowserContext, chromium } from "playwright-core";

/**
 * Debian's Chromium, headless, in a fresh profile folder (a persistent context is how
 * Playwright takes a --user-data-dir). Background networking stays off: this machine's
 * closed network would refuse Chromium's own connections at every start.
 */
export function launchChromium(
  profileDir: string,
  viewport: { width: number; height: number },
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: "/usr/bin/chromium",
    viewport,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
