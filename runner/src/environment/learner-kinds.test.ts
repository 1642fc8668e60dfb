// The learner's RBAC and Reset step's kinds agree: whatever the rendered RBAC lets a
// learner create is in LEARNER_KINDS, which Reset deletes. (What `edit` grants is checked
// against a real API server in lab-environment.int.test.ts.)
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { LEARNER_NAMESPACES, learnerRbac } from "./learner-access.ts";
import { LEARNER_KINDS, splitKindName } from "./learner-kinds.ts";

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
interface RbacObject {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Rule[];
  roleRef?: { kind: string; name: string };
}

const objects = parseAllDocuments(learnerRbac()).map((d) => d.toJS() as RbacObject);
const roles = new Map(
  objects.filter((o) => o.kind === "ClusterRole").map((o) => [o.metadata.name, o.rules ?? []]),
);

function creatable(rules: Rule[]): string[] {
  return rules
    .filter((r) => r.verbs.includes("create") || r.verbs.includes("*"))
    .flatMap((r) =>
      r.apiGroups.flatMap((g) => r.resources.map((res) => (g ? `${res}.${g}` : res))),
    );
}

describe("the learner's RBAC and Reset step's kinds", () => {
  const resetKinds = LEARNER_KINDS.map((k) => k.name);

  it("binds only read access cluster-wide", () => {
    const clusterWide = objects.filter((o) => o.kind === "ClusterRoleBinding");
    expect(clusterWide.length).toBeGreaterThan(0);
    for (const binding of clusterWide) {
      const rules = roles.get(binding.roleRef!.name);
      // `view` is the built-in read-only role; the others are rendered here.
      if (binding.roleRef!.name === "view") continue;
      expect(rules, binding.metadata.name).toBeDefined();
      expect(creatable(rules!)).toEqual([]);
    }
  });

  it("resets every kind a namespace binding of Kindling's lets the learner create", () => {
    const bound = objects.filter((o) => o.kind === "RoleBinding");
    expect(new Set(bound.map((b) => b.metadata.namespace))).toEqual(new Set(LEARNER_NAMESPACES));
    const granted = bound
      .map((b) => b.roleRef!.name)
      .filter((name) => name !== "edit")
      .flatMap((name) => creatable(roles.get(name) ?? []));
    expect(granted).toContain("referencegrants.gateway.networking.k8s.io");
    for (const kind of granted) expect(resetKinds).toContain(kind);
    // …and grants every kind the table says Kindling grants.
    const own = LEARNER_KINDS.filter((k) => k.grant === "kindling").map((k) => k.name);
    expect(new Set(granted)).toEqual(new Set(own));
  });

  it("binds the built-in edit role for the kinds the table says it grants", () => {
    const edit = objects.filter((o) => o.kind === "RoleBinding" && o.roleRef?.name === "edit");
    expect(edit.map((b) => b.metadata.namespace).sort()).toEqual([...LEARNER_NAMESPACES].sort());
  });

  it("lists each kind once, with names as kubectl prints them", () => {
    expect(new Set(resetKinds).size).toBe(resetKinds.length);
    for (const name of resetKinds) expect(name).toMatch(/^[a-z]+(\.[a-z0-9.-]+)?$/);
    expect(splitKindName("referencegrants.gateway.networking.k8s.io")).toEqual({
      group: "gateway.networking.k8s.io",
      resource: "referencegrants",
    });
    expect(splitKindName("pods")).toEqual({ group: "", resource: "pods" });
  });
});
