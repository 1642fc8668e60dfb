import { describe, expect, it } from "vitest";
import { explainNoEndpoints, explainRefused, type ServiceFacts } from "./service-endpoints.ts";

const facts = (over: Partial<ServiceFacts>): ServiceFacts => ({
  name: "kubia",
  exists: true,
  selector: { app: "kubia" },
  ports: [{ port: 80, targetPort: 8080 }],
  ready: [],
  pods: [],
  ...over,
});
const pod = { name: "kubia-1", ready: true, containerPorts: [8080] };

describe("explaining a Service's endpoints", () => {
  it("says a selector matches no pod", () => {
    expect(explainNoEndpoints(facts({}))).toBe(
      "Service kubia selects app=kubia but no pod has that label, so it has no endpoints",
    );
  });

  it("says the selected pods are not ready", () => {
    expect(explainNoEndpoints(facts({ pods: [{ ...pod, ready: false }] }))).toMatch(
      /none is ready yet/,
    );
  });

  it("says nothing when there are ready endpoints", () => {
    expect(
      explainNoEndpoints(facts({ ready: [{ address: "10.244.0.5" }], pods: [pod] })),
    ).toBeUndefined();
  });

  it("blames a targetPort the pods do not declare for a refusal", () => {
    const wrongPort = facts({
      ports: [{ port: 80, targetPort: 9090 }],
      ready: [{ address: "10.244.0.5" }],
      pods: [pod],
    });
    expect(explainRefused(wrongPort)).toBe(
      "Service kubia forwards to targetPort 9090, but its pods listen on 8080",
    );
  });

  it("names a Service without selector and without hand-made endpoints", () => {
    expect(explainNoEndpoints(facts({ selector: undefined }))).toMatch(
      /no selector and no hand-made endpoints/,
    );
    expect(explainNoEndpoints(facts({ exists: false }))).toBe("there is no Service named kubia");
  });
});
