// Labels the runner adds to an environment's workstation, beside the cluster module's
// dev.kindling.* ownership labels, so an operator can tell who holds what.
export const RUNNER_LABEL = "dev.kindling.runner";
export const SESSION_LABEL = "dev.kindling.session";
/** A warm-pool environment, by topology. A session that takes one keeps this label. */
export const POOL_LABEL = "dev.kindling.pool";
