import { describe, expect, it } from "vitest";
import { describeMismatches, singular } from "./mismatch-words.ts";
import { partialMatch } from "./partial-match.ts";

const words = (expected: unknown, actual: unknown) =>
  describeMismatches(partialMatch(expected, actual));

const service = {
  spec: {
    type: "NodePort",
    ports: [
      { name: "http", port: 80, targetPort: 8080, nodePort: 30123 },
      { name: "https", port: 443, targetPort: 8443, nodePort: 30443 },
    ],
  },
};

const ingress = {
  spec: {
    rules: [
      {
        host: "kubia.example.com",
        http: {
          paths: [
            {
              path: "/",
              pathType: "Prefix",
              backend: { service: { name: "kubia", port: { number: 8080 } } },
            },
          ],
        },
      },
    ],
  },
};

describe("a failed match in a learner's words", () => {
  it("says what the only item of a list has instead, field by field", () => {
    const expected = {
      spec: { rules: [{ http: { paths: [{ backend: { service: { port: { number: 80 } } } }] } }] },
    };
    expect(words(expected, ingress)).toEqual([
      "the only path in spec.rules[0].http.paths has backend.service.port.number 8080; the check expects backend.service.port.number 80",
    ]);
  });

  it("names the closest of several items and every field that differs in it", () => {
    expect(
      words({ spec: { ports: [{ port: 80, targetPort: 9090, nodePort: 30080 }] } }, service),
    ).toEqual([
      "the closest port in spec.ports (http, number 1 of 2) has targetPort 8080 and nodePort 30123; the check expects targetPort 9090 and nodePort 30080",
    ]);
  });

  it("says what the items have when none is close, without dumping them", () => {
    const [sentence] = words({ spec: { ports: [{ port: 8, protocol: "UDP" }] } }, service);
    expect(sentence).toBe(
      "no port in spec.ports has port 8 and protocol UDP; its 2 ports have port 80 and 443; none has protocol",
    );
    expect(sentence).not.toMatch(/[{"]/);
  });

  it("says when a list is empty, or one item would have to be two", () => {
    expect(words({ spec: { ports: [{ port: 80 }] } }, { spec: { ports: [] } })).toEqual([
      "spec.ports is empty; the check expects a port with port 80",
    ]);
    expect(words({ spec: { ports: [{ port: 80 }, { port: 80 }] } }, service)).toEqual([
      "spec.ports needs a separate port for each of {port: 80} and {port: 80}; the 2 ports it has cannot be all of them",
    ]);
  });

  it("puts scalars plainly: wrong, not set, or set where it must be absent", () => {
    expect(words({ spec: { type: "LoadBalancer", sessionAffinity: "ClientIP" } }, service)).toEqual(
      [
        "spec.type is NodePort; the check expects LoadBalancer",
        "spec.sessionAffinity is not set; the check expects ClientIP",
      ],
    );
    expect(words({ spec: { type: null } }, service)).toEqual([
      "spec.type is NodePort; the check expects it absent",
    ]);
    expect(words({ args: ["--x"] }, { args: ["--a", "--b"] })).toEqual([
      "args does not include --x; it has --a and --b",
    ]);
  });

  it("names one item of a list after the list", () => {
    expect(["ports", "addresses", "entries", "matches", "tls", "env"].map(singular)).toEqual([
      "port",
      "address",
      "entry",
      "match",
      "tls item",
      "env item",
    ]);
  });
});
