import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustedProxies, TrustedProxies } from "./client-address";

const none = new TrustedProxies([]);
const proxy = new TrustedProxies(parseTrustedProxies("10.0.0.5, 172.16.0.0/12 ::1"));

describe("clientAddress", () => {
  it("is the TCP peer when no proxy is trusted, whatever the headers say", () => {
    expect(clientAddress("127.0.0.1", undefined, none)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "203.0.113.9", none)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", ["203.0.113.9", "198.51.100.1"], none)).toBe("127.0.0.1");
  });

  it("reads an IPv4 peer on a dual-stack socket as IPv4", () => {
    expect(clientAddress("::ffff:192.0.2.7", undefined, none)).toBe("192.0.2.7");
  });

  it("ignores forwarded addresses from a peer that is not a trusted proxy", () => {
    expect(clientAddress("192.0.2.7", "203.0.113.9", proxy)).toBe("192.0.2.7");
  });

  it("believes the hop a trusted proxy appended", () => {
    expect(clientAddress("10.0.0.5", "203.0.113.9", proxy)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:10.0.0.5", "203.0.113.9", proxy)).toBe("203.0.113.9");
    expect(clientAddress("::1", "2001:db8::1", proxy)).toBe("2001:db8::1");
  });

  it("skips a chain of trusted proxies but not a client's forged prefix", () => {
    // The client wrote 198.51.100.66; the first proxy saw 203.0.113.9; a second one 172.20.0.3.
    expect(clientAddress("10.0.0.5", "198.51.100.66, 203.0.113.9, 172.20.0.3", proxy)).toBe(
      "203.0.113.9",
    );
    expect(clientAddress("10.0.0.5", ["198.51.100.66", "203.0.113.9"], proxy)).toBe("203.0.113.9");
  });

  it("stops at the proxy when a hop is not an address, or there is none", () => {
    expect(clientAddress("10.0.0.5", "not-an-ip", proxy)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", undefined, proxy)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", "172.20.0.3", proxy)).toBe("172.20.0.3");
  });

  it("says unknown when the socket has no address", () => {
    expect(clientAddress(undefined, "203.0.113.9", proxy)).toBe("unknown");
  });
});

describe("parseTrustedProxies", () => {
  it("accepts addresses and CIDR ranges, separated by commas or spaces", () => {
    expect(parseTrustedProxies("10.0.0.1,10.1.0.0/16  fd00::/8")).toEqual([
      "10.0.0.1",
      "10.1.0.0/16",
      "fd00::/8",
    ]);
    expect(parseTrustedProxies("")).toEqual([]);
  });

  it.each(["proxy.example", "10.0.0.1/33", "10.0.0.1/", "10.0.0.1/8/8", "::1/129", "10.0.0.0/x"])(
    "refuses %s",
    (entry) => {
      expect(() => parseTrustedProxies(entry)).toThrow("not an IP address or CIDR range");
    },
  );
});
