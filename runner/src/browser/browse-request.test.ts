import { describe, expect, it } from "vitest";
import { buildBrowseScript, parseBrowseOutput } from "./browse-request.ts";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const limits = { maxBodyBytes: 1024, maxTimeSeconds: 5 };

describe("the Browser tab's curl script", () => {
  it("pins a name to the judged address, ignores ~/.curlrc and never follows redirects", () => {
    const script = buildBrowseScript(
      {
        url: "https://kubia.example.com/",
        hostname: "kubia.example.com",
        port: 443,
        host: "kubia.example.com",
        connect: { kind: "address", ip: "172.18.0.3" },
        entry: "ingress",
        via: "ingress",
      },
      limits,
    );
    expect(script).toMatch(/curl -q /);
    expect(script).toContain("--resolve 'kubia.example.com:443:172.18.0.3'");
    expect(script).toContain("--proto =http,https");
    expect(script).not.toMatch(/ -L|--location/);
  });

  it("quotes the URL so it cannot break out of the shell word", () => {
    const script = buildBrowseScript(
      {
        url: "http://172.18.0.3/'$(id)'",
        hostname: "172.18.0.3",
        port: 80,
        host: "172.18.0.3",
        connect: { kind: "address", ip: "172.18.0.3" },
        entry: "node",
        via: "node",
      },
      limits,
    );
    expect(script).toContain(`'http://172.18.0.3/'"'"'$(id)'"'"''`);
    expect(script).not.toContain("--resolve");
  });

  it("reads an answer: the last header block, the body and who sent it", () => {
    const headers =
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 302 Found\r\nLocation: http://x/\r\n\r\n";
    const out = [
      "@@rc 0 302 172.18.0.5 172.18.0.3 80",
      "@@size 5",
      `@@h ${b64(headers)}`,
      `@@b ${b64("moved")}`,
      "@@e ",
    ].join("\n");
    expect(parseBrowseOutput(out)).toMatchObject({
      kind: "answered",
      status: 302,
      headers: [["Location", "http://x/"]],
      localIp: "172.18.0.5",
      remote: "172.18.0.3:80",
      size: 5,
    });
  });

  it("gives curl's reason when nothing answered", () => {
    const out = `@@rc 7 000  \n@@e ${b64("curl: (7) Failed to connect to 172.18.0.3 port 30999: Connection refused\n")}`;
    expect(parseBrowseOutput(out)).toEqual({
      kind: "failed",
      message: "Failed to connect to 172.18.0.3 port 30999: Connection refused",
    });
    expect(parseBrowseOutput("")).toMatchObject({ kind: "failed" });
  });
});
