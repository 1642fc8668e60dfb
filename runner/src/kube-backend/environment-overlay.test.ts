import { describe, expect, it } from "vitest";
import { overlayAddress, overlayJoinScript } from "./environment-overlay.ts";

describe("an environment's network segment", () => {
  const members = [
    { name: "cp", podIp: "10.240.1.5" },
    { name: "w1", podIp: "10.240.1.6" },
    { name: "ws", podIp: "10.240.1.7" },
  ];

  it("sends broadcasts to every other member and never to itself", () => {
    const script = overlayJoinScript(members[0]!, members, overlayAddress("node", 0));
    expect(script).toContain("local 10.240.1.5");
    expect(script).toContain("dst 10.240.1.6");
    expect(script).toContain("dst 10.240.1.7");
    expect(script).not.toContain("dst 10.240.1.5");
    expect(script).toContain("ip addr add 100.64.0.11/24");
  });

  it("gives the workstation and each node their own address", () => {
    const addresses = [
      overlayAddress("workstation"),
      overlayAddress("node", 0),
      overlayAddress("node", 1),
    ];
    expect(new Set(addresses).size).toBe(3);
  });
});
