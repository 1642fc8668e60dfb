// Pod Security for every namespace, including those made after the cluster starts: the
// API server's PodSecurity admission plugin gets defaults, so no namespace depends on a
// label someone remembered to set. Learner pods run inside privileged node containers;
// `baseline` keeps privileged pods, host namespaces, host paths, host ports and added
// capabilities away from them. `restricted` would refuse the plain `kubectl run` and
// `kubectl create deployment` pods every lab teaches, so it is audited and not enforced.
import { stringify } from "yaml";

/** Where the file lives on the control-plane node, mounted read-only into the API server. */
export const ADMISSION_DIR = "/kind/admission";
export const ADMISSION_FILE = `${ADMISSION_DIR}/admission.yaml`;

/**
 * The cluster's own add-ons, which need host networking, host ports or capabilities.
 * Learners can read these namespaces but create nothing in them (learner-access.ts).
 */
export const POD_SECURITY_EXEMPT_NAMESPACES = ["kube-system", "metallb-system", "traefik"];

export const POD_SECURITY_DEFAULT = "baseline";

export function podSecurityAdmissionConfig(): string {
  return stringify({
    apiVersion: "apiserver.config.k8s.io/v1",
    kind: "AdmissionConfiguration",
    plugins: [
      {
        name: "PodSecurity",
        configuration: {
          apiVersion: "pod-security.admission.config.k8s.io/v1",
          kind: "PodSecurityConfiguration",
          defaults: {
            enforce: POD_SECURITY_DEFAULT,
            "enforce-version": "latest",
            audit: "restricted",
            "audit-version": "latest",
            warn: POD_SECURITY_DEFAULT,
            "warn-version": "latest",
          },
          exemptions: {
            usernames: [],
            runtimeClasses: [],
            namespaces: POD_SECURITY_EXEMPT_NAMESPACES,
          },
        },
      },
    ],
  });
}
