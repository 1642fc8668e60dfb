package main

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
)

// cniConfig is what the node's container runtime needs to wire a pod: a veth pair
// to the host (ptp), an address from the node's own pod CIDR (host-local) and
// hostPort forwarding (portmap, which the Ingress controller relies on).
type cniConfig struct {
	PodCIDRs []netip.Prefix
	MTU      int
}

// renderConflist returns the CNI network configuration list for the node.
func renderConflist(c cniConfig) ([]byte, error) {
	if len(c.PodCIDRs) == 0 {
		return nil, fmt.Errorf("no pod CIDR")
	}
	var ranges [][]map[string]string
	var routes []map[string]string
	for _, p := range c.PodCIDRs {
		ranges = append(ranges, []map[string]string{{"subnet": p.Masked().String()}})
		def := "0.0.0.0/0"
		if p.Addr().Is6() {
			def = "::/0"
		}
		routes = append(routes, map[string]string{"dst": def})
	}
	ptp := map[string]any{
		"type": "ptp",
		// Masquerading is done once, by this daemon's own iptables chain, for traffic
		// leaving the cluster's pod subnet; per-pod masquerading would hide pod
		// addresses from pods on other nodes.
		"ipMasq": false,
		"ipam": map[string]any{
			"type": "host-local",
			// /run is a tmpfs in the node container: leases vanish with a node restart,
			// together with the pods that held them.
			"dataDir": "/run/cni-ipam-state",
			"ranges":  ranges,
			"routes":  routes,
		},
	}
	if c.MTU > 0 {
		ptp["mtu"] = c.MTU
	}
	conf := map[string]any{
		// 0.4.0 is understood by every containerd and plugin release a node may carry.
		"cniVersion": "0.4.0",
		"name":       "kindnet",
		"plugins": []any{
			ptp,
			map[string]any{
				"type":         "portmap",
				"capabilities": map[string]bool{"portMappings": true},
			},
		},
	}
	return json.MarshalIndent(conf, "", "  ")
}

// writeFileAtomic replaces path with data so that the runtime, which watches the
// folder, never reads a half-written file. It reports whether the content changed.
func writeFileAtomic(path string, data []byte) (bool, error) {
	if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
		return false, nil
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, err
	}
	// A dot-prefixed temporary name without the .conflist suffix is ignored by
	// libcni while it is being written.
	tmp, err := os.CreateTemp(dir, ".kindnet-*.tmp")
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	return true, os.Rename(tmp.Name(), path)
}
