// Check definitions as written in lab.yaml (labs/README.md, "Checks"). Pure: the web app
// shows `description` before Check is pressed. The refinements encode the Kubernetes
// semantics of docs/architecture.md "Grader semantics" that an author could otherwise get wrong statically.
import { z } from "zod";

const kebab = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected a kebab-case id, e.g. answers-on-every-node");

/** A bound on a number of things: `{ min: 2 }`, `{ exactly: 1 }`, `{ min: 1, max: 3 }`. */
export const countSchema = z
  .strictObject({
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
    exactly: z.number().int().min(0).optional(),
  })
  .refine((c) => c.min !== undefined || c.max !== undefined || c.exactly !== undefined, {
    message: "give min, max or exactly",
  })
  .refine((c) => c.exactly === undefined || (c.min === undefined && c.max === undefined), {
    message: "exactly cannot be combined with min or max",
  });
export type Count = z.infer<typeof countSchema>;

const common = {
  id: kebab,
  /** What the learner must achieve; shown before they press Check. */
  description: z.string().min(1),
  /**
   * Shown when this check fails, instead of the step's next hint: for a check that fails
   * for one typical reason, the nudge that fits it.
   */
  hint: z.string().min(1).optional(),
  /**
   * Re-checks what an earlier step built, which this step could break (a lab's last step
   * looks again at the whole). It may already pass when the step starts, so `lab test`
   * does not require it to fail there; it must still pass on every answer.
   */
  recheck: z.boolean().default(false),
};

const resourceRefSchema = z
  .strictObject({
    apiVersion: z.string().min(1),
    kind: z.string().min(1),
    name: z.string().min(1).optional(),
    /** Label selector, instead of a name. */
    selector: z.record(z.string(), z.string()).optional(),
    namespace: z.string().min(1).default("default"),
  })
  .refine((r) => (r.name === undefined) !== (r.selector === undefined), {
    message: "give exactly one of name or selector",
  });

export const resourceCheckSchema = z
  .strictObject({
    ...common,
    kind: z.literal("resource"),
    resource: resourceRefSchema,
    /** Partial object: maps match recursively, lists by subset. */
    expect: z.record(z.string(), z.unknown()).optional(),
    /** With a selector: how many objects must exist (default: at least one). */
    count: countSchema.optional(),
    /**
     * On a Service: its ready endpoints, read from EndpointSlices; with `port`, only those
     * serving that Service port (by name) and/or listening on that number.
     */
    endpoints: z
      .strictObject({
        ready: countSchema,
        port: z
          .strictObject({
            name: z.string().optional(),
            number: z.number().int().min(1).max(65535).optional(),
          })
          .refine((p) => p.name !== undefined || p.number !== undefined, {
            message: "give the port's name, its number, or both",
          })
          .optional(),
      })
      .optional(),
    /**
     * On a Pod: every container has been running for at least this long. A container that
     * ends at once (a bare `sh`) is Running for a moment, and a check of the phase alone
     * could catch that moment.
     */
    runningForSeconds: z.number().positive().max(120).optional(),
    /** The object must not exist. */
    absent: z.boolean().default(false),
    timeoutSeconds: z.number().positive().max(300).default(10),
  })
  .refine((c) => !c.endpoints || c.resource.kind === "Service", {
    message: "endpoints applies to a Service only",
    path: ["endpoints"],
  })
  .refine((c) => c.runningForSeconds === undefined || c.resource.kind === "Pod", {
    message: "runningForSeconds applies to a Pod only",
    path: ["runningForSeconds"],
  })
  .refine((c) => !c.count || c.resource.selector, {
    message: "count needs a selector (a name selects one object)",
    path: ["count"],
  });

const portRef = z.union([z.number().int().min(1).max(65535), z.string().min(1)]);

export const httpTargetSchema = z.union([
  z.strictObject({
    nodePort: z.strictObject({ service: z.string().min(1), port: portRef.optional() }),
  }),
  z.strictObject({
    service: z.strictObject({
      name: z.string().min(1),
      port: portRef.optional(),
      namespace: z.string().min(1).optional(),
    }),
  }),
  z.strictObject({ url: z.url() }),
  z.strictObject({
    loadBalancer: z.strictObject({ service: z.string().min(1), port: portRef.optional() }),
  }),
  z.strictObject({
    ingress: z.strictObject({
      host: z.string().min(1),
      path: z.string().startsWith("/").default("/"),
      tls: z.boolean().default(false),
    }),
  }),
]);
export type HttpTarget = z.infer<typeof httpTargetSchema>;

const vantageSchema = z.enum(["workstation", "pod", "node"]);
export type Vantage = z.infer<typeof vantageSchema>;

export const httpCheckSchema = z
  .strictObject({
    ...common,
    kind: z.literal("http"),
    from: vantageSchema.default("workstation"),
    target: httpTargetSchema,
    /** Request path for nodePort/service/loadBalancer targets (`/whoami` for clientAddress). */
    path: z.string().startsWith("/").default("/"),
    /** Requests per entry point, each on a fresh connection. */
    requests: z.number().int().min(1).max(50).default(1),
    expect: z
      .strictObject({
        status: z.number().int().min(100).max(599).default(200),
        bodyContains: z.string().min(1).optional(),
        distinctBackends: countSchema.optional(),
        clientAddress: z.enum(["preserved", "replaced"]).optional(),
        /** NodePort with externalTrafficPolicy Local: only nodes with a ready endpoint answer. */
        answeringNodes: z.enum(["all", "with-endpoints"]).default("all"),
        /** HTTPS: the certificate the server chose (by SNI) is valid for this DNS name. */
        certificateFor: z.string().min(1).optional(),
        /** No entry point gives any HTTP answer: every request is refused or times out. */
        nothingAnswers: z.boolean().default(false),
      })
      .prefault({}),
    timeoutSeconds: z.number().positive().max(300).default(15),
  })
  .superRefine((c, ctx) => {
    const d = c.expect.distinctBackends;
    // Kubernetes e2e: affinity is confirmed after 15 identical answers in a row.
    if (d?.exactly === 1 && c.requests < 15)
      ctx.addIssue({
        code: "custom",
        path: ["requests"],
        message: "distinctBackends { exactly: 1 } (affinity) needs requests ≥ 15",
      });
    // With k = 3 pods, N ≥ 10 fresh connections make "≥ 2 distinct" safe (k^(1−N)).
    if ((d?.min ?? 0) >= 2 && c.requests < 10)
      ctx.addIssue({
        code: "custom",
        path: ["requests"],
        message: "distinctBackends { min: 2+ } needs requests ≥ 10 to be reliable",
      });
    if ("service" in c.target && c.from === "workstation")
      ctx.addIssue({
        code: "custom",
        path: ["from"],
        message: "a ClusterIP Service is reachable only inside the cluster: use from: pod or node",
      });
    const https =
      ("ingress" in c.target && c.target.ingress.tls) ||
      ("url" in c.target && c.target.url.startsWith("https:"));
    if (c.expect.certificateFor && !https)
      ctx.addIssue({
        code: "custom",
        path: ["expect", "certificateFor"],
        message: "certificateFor needs an HTTPS target: ingress with tls: true, or an https:// url",
      });
    const e = c.expect;
    if (
      e.nothingAnswers &&
      (e.bodyContains ||
        e.distinctBackends ||
        e.clientAddress ||
        e.certificateFor ||
        e.answeringNodes !== "all")
    )
      ctx.addIssue({
        code: "custom",
        path: ["expect", "nothingAnswers"],
        message:
          "nothingAnswers expects no answer at all: it cannot be combined with expectations on answers",
      });
    if (c.expect.answeringNodes === "with-endpoints" && !("nodePort" in c.target))
      ctx.addIssue({
        code: "custom",
        path: ["expect", "answeringNodes"],
        message: "answeringNodes: with-endpoints applies to a nodePort target",
      });
  });

export const portForwardCheckSchema = z.strictObject({
  ...common,
  kind: z.literal("port-forward"),
  port: z.number().int().min(1).max(65535),
  path: z.string().startsWith("/").default("/"),
  expect: z
    .strictObject({
      status: z.number().int().min(100).max(599).default(200),
      bodyContains: z.string().min(1).optional(),
    })
    .prefault({}),
  timeoutSeconds: z.number().positive().max(300).default(5),
});

export const commandCheckSchema = z.strictObject({
  ...common,
  kind: z.literal("command"),
  from: z.enum(["workstation", "pod"]).default("workstation"),
  /** Shell command (sh -c); in the workstation it runs as the learner. */
  run: z.string().min(1),
  expect: z
    .strictObject({
      exitCode: z.number().int().min(0).max(255).default(0),
      outputContains: z.string().min(1).optional(),
    })
    .prefault({}),
  timeoutSeconds: z.number().positive().max(300).default(20),
  /** The learner-facing sentence when the command does not give the expected result. */
  message: z.string().min(1),
});

export const checkSchema = z.discriminatedUnion("kind", [
  resourceCheckSchema,
  httpCheckSchema,
  portForwardCheckSchema,
  commandCheckSchema,
]);

export type ResourceCheck = z.infer<typeof resourceCheckSchema>;
export type HttpCheck = z.infer<typeof httpCheckSchema>;
export type PortForwardCheck = z.infer<typeof portForwardCheckSchema>;
export type CommandCheck = z.infer<typeof commandCheckSchema>;
export type Check = z.infer<typeof checkSchema>;
export type CheckKind = Check["kind"];
