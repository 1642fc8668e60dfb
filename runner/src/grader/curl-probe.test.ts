import { describe, expect, it } from "vitest";
import {
  buildProbeScript,
  certificateCovers,
  classifyCurl,
  describeFailure,
  parseCertificate,
  parseProbeOutput,
} from "./curl-probe.ts";

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
      `probe 0 10 0 '--resolve' 'it'"'"'s.example:443:172.18.0.2' '-H' 'X-A: b' 'https://it'"'"'s.example/'`,
    );
  });

  it("reads the leaf certificate's subject and DNS names when asked to", () => {
    const script = buildProbeScript([{ label: "x", url: "https://a/", certificate: true }], 1, 3);
    expect(script).toContain("probe 0 1 1 'https://a/'");
    expect(script).toContain("%{certs}");
    // What the script's awk keeps of curl's %{certs} for a self-signed certificate.
    const leaf = [
      "Subject:CN = kubia.example.com",
      "X509v3 Subject Alternative Name:DNS:kubia.example.com, DNS:*.apps.example.com, IP Address:10.0.0.1",
    ].join("\n");
    const stdout = [
      "@@kindling 0 0 200 172.18.0.9",
      `@@body ${b64("You've hit kubia-1")}`,
      "@@err ",
      `@@cert ${b64(leaf)}`,
      "@@kindling 0 0 200 172.18.0.9",
      `@@body ${b64("ok")}`,
      "@@err ",
      `@@cert ${b64("Subject:CN = TRAEFIK DEFAULT CERT")}`,
    ].join("\n");
    const [outcomes] = parseProbeOutput(stdout, 1);
    expect(outcomes).toHaveLength(2);
    const [mine, fallback] = outcomes!.map((o) => (o.kind === "answered" ? o.certificate : null));
    expect(mine).toEqual({
      subject: "CN = kubia.example.com",
      dnsNames: ["kubia.example.com", "*.apps.example.com"],
    });
    expect(fallback).toEqual({ subject: "CN = TRAEFIK DEFAULT CERT", dnsNames: [] });
    expect(certificateCovers(mine!, "KUBIA.example.com")).toBe(true);
    expect(certificateCovers(mine!, "x.apps.example.com")).toBe(true);
    expect(certificateCovers(mine!, "x.y.apps.example.com")).toBe(false);
    expect(certificateCovers(mine!, "www.example.com")).toBe(false);
    // A common name alone does not count, as in browsers.
    expect(certificateCovers(fallback!, "traefik default cert")).toBe(false);
    expect(parseCertificate("")).toBeUndefined();
  });
});
