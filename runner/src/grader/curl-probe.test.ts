import { describe, expect, it } from "vitest";
import { buildProbeScript, classifyCurl, describeFailure, parseProbeOutput } from "./curl-probe.ts";

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("the curl probe", () => {
  it("tells refused, timed out, unresolved and reset apart by curl's exit code", () => {
    expect(
      classifyCurl(
        7,
        0,
        "",
        "curl: (7) Failed to connect to 10.96.0.5 port 80: Connection refused",
        "",
      ).kind,
    ).toBe("refused");
    expect(
      classifyCurl(28, 0, "", "curl: (28) Connection timed out after 3001 milliseconds", "").kind,
    ).toBe("timed-out");
    expect(classifyCurl(6, 0, "", "curl: (6) Could not resolve host: web", "").kind).toBe(
      "unresolved",
    );
    expect(classifyCurl(52, 0, "", "curl: (52) Empty reply from server", "").kind).toBe("reset");
    expect(classifyCurl(0, 404, "nope", "", "10.0.0.9")).toEqual({
      kind: "answered",
      status: 404,
      body: "nope",
      localIp: "10.0.0.9",
    });
    const refused = classifyCurl(7, 0, "", "curl: (7) Failed to connect", "");
    expect(refused).toEqual({ kind: "refused", message: "Failed to connect" });
    if (refused.kind !== "answered")
      expect(describeFailure(refused)).toBe("the connection was refused");
  });

  it("reads outcomes per entry from the script's output", () => {
    const stdout = [
      "@@kindling 0 0 200 172.18.0.9",
      `@@body ${b64("You've hit kubia-1\n")}`,
      "@@err ",
      "@@kindling 0 0 200 172.18.0.9",
      `@@body ${b64("You've hit kubia-2\n")}`,
      "@@err ",
      "@@kindling 1 7 000 ",
      "@@body ",
      `@@err ${b64("curl: (7) Failed to connect to 172.18.0.3 port 30123: Connection refused\n")}`,
    ].join("\n");
    const [first, second] = parseProbeOutput(stdout, 2);
    expect(first).toHaveLength(2);
    expect(first?.[1]).toMatchObject({
      kind: "answered",
      status: 200,
      body: "You've hit kubia-2\n",
    });
    expect(second).toEqual([
      {
        kind: "refused",
        message: "Failed to connect to 172.18.0.3 port 30123: Connection refused",
      },
    ]);
  });

  it("runs one curl per request with no keep-alive, quoting arguments for sh", () => {
    const script = buildProbeScript(
      [
        {
          label: "x",
          url: "https://it's.example/",
          resolve: "it's.example:443:172.18.0.2",
          headers: ["X-A: b"],
        },
      ],
      10,
      3,
    );
    expect(script).toContain("--max-time 3");
    expect(script).toContain("Connection: close");
    expect(script).toContain(
      `probe 0 10 '--resolve' 'it'"'"'s.example:443:172.18.0.2' '-H' 'X-A: b' 'https://it'"'"'s.example/'`,
    );
  });
});
