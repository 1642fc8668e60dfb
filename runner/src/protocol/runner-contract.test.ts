import { describe, expect, it } from "vitest";
import {
  matchPath,
  routePath,
  runnerRoutes,
  liveRoute,
  type RouteSpec,
  terminalPath,
  terminalRoute,
} from "./runner-contract.ts";

const ID = "s0123456789abcdef0123";
const routes = Object.entries(runnerRoutes) as [string, RouteSpec][];

describe("the runner contract", () => {
  it("declares each method and path once, with a schema for every path parameter", () => {
    const keys = routes.map(([, r]) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const [name, route] of [
      ...routes,
      ["terminal", terminalRoute] as const,
      ["live", liveRoute] as const,
    ]) {
      const named = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
      expect(Object.keys(route.params ?? {}).sort(), name).toEqual(named.sort());
    }
  });

  it("builds paths from checked parameters", () => {
    expect(routePath(runnerRoutes.checkStep, { id: ID, stepId: "create-service" })).toBe(
      `/v1/sessions/${ID}/steps/create-service/check`,
    );
    expect(routePath(runnerRoutes.health)).toBe("/v1/health");
    expect(terminalPath(ID, 2)).toBe(`/v1/sessions/${ID}/terminals/2`);
    // An id or step that would reach another path is refused before any request.
    expect(() => routePath(runnerRoutes.getSession, { id: "../capacity" })).toThrow(/session id/);
    expect(() => routePath(runnerRoutes.resetStep, { id: ID, stepId: "a/../../x" })).toThrow(
      /kebab-case/,
    );
    expect(() => routePath(runnerRoutes.getSession, {})).toThrow(/no value for :id/);
  });

  it("matches a path against a template, raw values out", () => {
    expect(matchPath(terminalRoute.path, `/v1/sessions/${ID}/terminals/3`)).toEqual({
      id: ID,
      tab: "3",
    });
    expect(matchPath(terminalRoute.path, `/v1/sessions/${ID}/terminals`)).toBeUndefined();
    expect(matchPath(terminalRoute.path, `/v1/sessions//terminals/1`)).toBeUndefined();
    expect(matchPath(terminalRoute.path, `/v1/sessions/%E0%A4%A/terminals/1`)).toBeUndefined();
    expect(matchPath(runnerRoutes.health.path, "/v1/health")).toEqual({});
  });
});
