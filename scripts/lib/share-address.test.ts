import { describe, expect, it } from "vitest";
import { shareAdvice } from "./share-address.ts";

const ifaces = {
  lo: [{ address: "127.0.0.1", family: "IPv4", internal: true }],
  docker0: [{ address: "172.17.0.1", family: "IPv4", internal: false }],
  eth0: [{ address: "192.0.2.10", family: "IPv4", internal: false }],
} as never;

describe("what npm start says about sharing the site", () => {
  it("warns that a loopback-only site cannot be reached from other machines", () => {
    expect(shareAdvice("127.0.0.1", 3000, undefined, ifaces)).toMatch(
      /loopback only.*KINDLING_HOST=0\.0\.0\.0/,
    );
  });
  it("gives the host's own address, not a Docker bridge's, when listening everywhere", () => {
    expect(shareAdvice("0.0.0.0", 3000, undefined, ifaces)).toContain("http://192.0.2.10:3000/");
  });
  it("prefers the operator's public URL", () => {
    expect(shareAdvice("0.0.0.0", 3000, "https://labs.example.org", ifaces)).toContain(
      "https://labs.example.org",
    );
  });
});
