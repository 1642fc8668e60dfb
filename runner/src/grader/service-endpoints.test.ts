import { describe, expect, it } from "vitest";
import {
  describeOtherPorts,
  explainNoEndpoints,
  explainRefused,
  type ReadyEndpoint,
  type ServiceFacts,
  servesPort,
} from "./service-endpoints.ts";

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
      explainNoEndpoints(facts({ ready: [{ address: "10.244.0.5", ports: [] }], pods: [pod] })),
    ).toBeUndefined();
  });

  it("blames a targetPort the pods do not declare for a refusal", () => {
    const wrongPort = facts({
      ports: [{ port: 80, targetPort: 9090 }],
      ready: [{ address: "10.244.0.5", ports: [] }],
      pods: [pod],
    });
    expect(explainRefused(wrongPort)).toBe(
      "Service kubia forwards to targetPort 9090, but its pods listen on 8080",
    );
  });

  it("blames hand-made endpoints that serve another port name than the one reached", () => {
    const handMade = facts({
      selector: undefined,
      ports: [{ name: "http", port: 80 }],
      ready: [{ address: "10.244.1.7", ports: [{ name: "", port: 8080 }] }],
    });
    const explained = explainRefused(handMade, handMade.ports[0]);
    expect(explained).toMatch(
      /^Service kubia has hand-made endpoints, but none for its port http;/,
    );
    expect(explained).toMatch(/must equal the Service port's name \(http\)$/);
    const named = facts({
      selector: undefined,
      ports: [{ name: "http", port: 80 }],
      ready: [{ address: "10.244.1.7", ports: [{ name: "http", port: 8080 }] }],
    });
    expect(explainNoEndpoints(named, named.ports[0])).toBeUndefined();
  });

  it("names a Service without selector and without hand-made endpoints", () => {
    expect(explainNoEndpoints(facts({ selector: undefined }))).toMatch(
      /no selector and no hand-made endpoints/,
    );
    expect(explainNoEndpoints(facts({ exists: false }))).toBe("there is no Service named kubia");
  });
});

describe("endpoints by port", () => {
  const on = (pod: string, name: string, port: number): ReadyEndpoint => ({
    address: `10.244.0.${pod.length}`,
    pod,
    ports: [{ name, port }],
  });
  // Mid-rollout: the old pods' slice serves http on 8080, the new pods' on 9090.
  const rollout = [
    on("old-1", "http", 8080),
    on("new-1", "http", 9090),
    on("new-22", "http", 9090),
  ];

  it("counts only the endpoints serving the named port on that number", () => {
    expect(rollout.filter((e) => servesPort(e, { name: "http", number: 9090 }))).toHaveLength(2);
    expect(rollout.filter((e) => servesPort(e, { name: "http" }))).toHaveLength(3);
    expect(rollout.filter((e) => servesPort(e, { name: "https" }))).toHaveLength(0);
  });

  it("tells which ports the other endpoints serve", () => {
    expect(describeOtherPorts(rollout, { name: "http", number: 9090 })).toBe(
      "; of its 3 ready endpoints, 1 serves port http on 8080, 2 serve port http on 9090",
    );
  });

  it("blames a slice port whose name differs from the Service port's", () => {
    const unnamed: ReadyEndpoint = { address: "10.244.1.7", ports: [{ name: "", port: 8080 }] };
    expect(servesPort(unnamed, { name: "http" })).toBe(false);
    expect(describeOtherPorts([unnamed], { name: "http" })).toBe(
      "; of its 1 ready endpoint, 1 serves an unnamed port on 8080 — an endpoint port's name must equal the Service port's name (http)",
    );
  });
});
