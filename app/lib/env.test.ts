import { describe, expect, it } from "vitest";
import { parseWebEnv } from "./env";

const secret = "0123456789abcdef0123456789abcdef";

describe("the web app's environment", () => {
  it("refuses an empty or short runner secret, naming the setting", () => {
    expect(() => parseWebEnv({ KINDLING_RUNNER_SECRET: "" })).toThrow(
      "invalid web app environment: KINDLING_RUNNER_SECRET: use at least 32 characters",
    );
    expect(() => parseWebEnv({ KINDLING_RUNNER_SECRET: secret.slice(1) })).toThrow(
      "KINDLING_RUNNER_SECRET: use at least 32 characters",
    );
    expect(parseWebEnv({ KINDLING_RUNNER_SECRET: secret }).KINDLING_RUNNER_SECRET).toBe(secret);
    expect(parseWebEnv({}).KINDLING_RUNNER_SECRET).toBeUndefined();
  });

  it("reads trusted proxies as a list and refuses what is not an address", () => {
    expect(parseWebEnv({}).KINDLING_TRUSTED_PROXIES).toEqual([]);
    expect(
      parseWebEnv({ KINDLING_TRUSTED_PROXIES: "10.0.0.1, 10.2.0.0/16" }).KINDLING_TRUSTED_PROXIES,
    ).toEqual(["10.0.0.1", "10.2.0.0/16"]);
    expect(() => parseWebEnv({ KINDLING_TRUSTED_PROXIES: "proxy.example" })).toThrow(
      'KINDLING_TRUSTED_PROXIES: "proxy.example" is not an IP address or CIDR range',
    );
  });
});
