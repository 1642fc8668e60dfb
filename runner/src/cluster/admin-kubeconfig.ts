// Where kubeadm leaves the cluster admin's kubeconfig on the control-plane node. The
// platform's own kubectl runs there with it (setup, grading, Reset, schemas); learners
// never see it.
export const ADMIN_KUBECONFIG_PATH = "/etc/kubernetes/admin.conf";
export const ADMIN_KUBECONFIG_FLAG = `--kubeconfig=${ADMIN_KUBECONFIG_PATH}`;
