package main

import (
	"net/netip"
	"sort"

	corev1 "k8s.io/api/core/v1"
)

// podRoute sends one node's pod CIDR to that node's InternalIP.
type podRoute struct {
	Dst netip.Prefix
	Gw  netip.Addr
}

// desiredRoutes lists a route for every pod CIDR of every node but self, through
// the node's InternalIP of the same address family. Nodes without a pod CIDR or
// an address yet are skipped; a later update brings them in.
func desiredRoutes(nodes []*corev1.Node, self string) []podRoute {
	var out []podRoute
	for _, n := range nodes {
		if n.Name == self {
			continue
		}
		var v4, v6 netip.Addr
		for _, a := range n.Status.Addresses {
			if a.Type != corev1.NodeInternalIP {
				continue
			}
			ip, err := netip.ParseAddr(a.Address)
			if err != nil {
				continue
			}
			if ip.Is4() && !v4.IsValid() {
				v4 = ip
			} else if ip.Is6() && !v6.IsValid() {
				v6 = ip
			}
		}
		for _, c := range nodePodCIDRs(n) {
			gw := v4
			if c.Addr().Is6() {
				gw = v6
			}
			if gw.IsValid() {
				out = append(out, podRoute{Dst: c, Gw: gw})
			}
		}
	}
	sortRoutes(out)
	return out
}

// nodePodCIDRs reads spec.podCIDRs, falling back to the single-stack spec.podCIDR.
func nodePodCIDRs(n *corev1.Node) []netip.Prefix {
	raw := n.Spec.PodCIDRs
	if len(raw) == 0 && n.Spec.PodCIDR != "" {
		raw = []string{n.Spec.PodCIDR}
	}
	var out []netip.Prefix
	for _, s := range raw {
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
		}
	}
	return out
}

// diffRoutes compares the routes this daemon installed earlier (current) with the
// ones the cluster needs now (desired): routes to replace because they are missing
// or point at another gateway, and routes to delete because their node is gone.
func diffRoutes(current, desired []podRoute) (replace, remove []podRoute) {
	have := map[netip.Prefix]netip.Addr{}
	for _, r := range current {
		have[r.Dst] = r.Gw
	}
	want := map[netip.Prefix]bool{}
	for _, r := range desired {
		want[r.Dst] = true
		if gw, ok := have[r.Dst]; !ok || gw != r.Gw {
			replace = append(replace, r)
		}
	}
	for _, r := range current {
		if !want[r.Dst] {
			remove = append(remove, r)
		}
	}
	sortRoutes(replace)
	sortRoutes(remove)
	return replace, remove
}

func sortRoutes(rs []podRoute) {
	sort.Slice(rs, func(i, j int) bool {
		if c := rs[i].Dst.Addr().Compare(rs[j].Dst.Addr()); c != 0 {
			return c < 0
		}
		return rs[i].Dst.Bits() < rs[j].Dst.Bits()
	})
}
