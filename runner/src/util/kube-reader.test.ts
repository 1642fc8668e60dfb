import { describe, expect, it } from "vitest";
import { namesResource, typeCandidates } from "./kube-reader.ts";

const preferred = new Map([
  ["apps", "v1"],
  ["discovery.k8s.io", "v1"],
  ["networking.k8s.io", "v1"],
]);

describe("kubectl type names on the API", () => {
  it("looks for a bare name in the core group first, then in every group", () => {
    expect(typeCandidates("Service", preferred)).toEqual({
      name: "Service",
      bases: [
        "/api/v1",
        "/apis/apps/v1",
        "/apis/discovery.k8s.io/v1",
        "/apis/networking.k8s.io/v1",
      ],
    });
  });

  it("takes Kind.version.group exactly, and plural.group at its preferred version", () => {
    expect(typeCandidates("Deployment.v1.apps", preferred).bases).toEqual(["/apis/apps/v1"]);
    expect(typeCandidates("HTTPRoute.v1.gateway.networking.k8s.io", preferred).bases).toEqual([
      "/apis/gateway.networking.k8s.io/v1",
    ]);
    expect(typeCandidates("Pod.v1", preferred).bases).toEqual(["/api/v1"]);
    expect(typeCandidates("endpointslices.discovery.k8s.io", preferred)).toEqual({
      name: "endpointslices",
      bases: ["/apis/discovery.k8s.io/v1"],
    });
    expect(typeCandidates("widgets.example.com", preferred).bases).toEqual([]);
  });

  it("accepts a kind, plural, singular or short name in any case", () => {
    const service = {
      name: "services",
      singularName: "service",
      kind: "Service",
      namespaced: true,
      shortNames: ["svc"],
    };
    for (const name of ["Service", "service", "services", "svc"])
      expect(namesResource(name, service)).toBe(true);
    expect(namesResource("endpoints", service)).toBe(false);
  });
});
