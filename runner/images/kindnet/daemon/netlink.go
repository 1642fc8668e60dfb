package main

import (
	"fmt"
	"net"
	"net/netip"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// routeProtocol tags the routes this daemon installs (the "proto" column of
// `ip route`), so that after a restart it still knows which routes are its own and
// can delete those of nodes that left while it was down. 75 is unassigned in
// /etc/iproute2/rt_protos.
const routeProtocol netlink.RouteProtocol = 75

// ownedRoutes lists the routes this daemon installed in the main table.
func ownedRoutes() ([]podRoute, error) {
	filter := &netlink.Route{Protocol: routeProtocol, Table: unix.RT_TABLE_MAIN}
	rs, err := netlink.RouteListFiltered(netlink.FAMILY_ALL, filter,
		netlink.RT_FILTER_PROTOCOL|netlink.RT_FILTER_TABLE)
	if err != nil {
		return nil, err
	}
	var out []podRoute
	for _, r := range rs {
		if r.Dst == nil || r.Gw == nil {
			continue
		}
		dst, ok1 := prefixFromIPNet(r.Dst)
		gw, ok2 := netip.AddrFromSlice(r.Gw)
		if ok1 && ok2 {
			out = append(out, podRoute{Dst: dst, Gw: gw.Unmap()})
		}
	}
	return out, nil
}

func toNetlink(r podRoute) *netlink.Route {
	bits := 32
	if r.Dst.Addr().Is6() {
		bits = 128
	}
	return &netlink.Route{
		Dst:      &net.IPNet{IP: r.Dst.Addr().AsSlice(), Mask: net.CIDRMask(r.Dst.Bits(), bits)},
		Gw:       r.Gw.AsSlice(),
		Protocol: routeProtocol,
		Table:    unix.RT_TABLE_MAIN,
	}
}

// replaceRoute is `ip route replace DST via GW proto 75`.
func replaceRoute(r podRoute) error {
	if err := netlink.RouteReplace(toNetlink(r)); err != nil {
		return fmt.Errorf("route %s via %s: %w", r.Dst, r.Gw, err)
	}
	return nil
}

func deleteRoute(r podRoute) error {
	if err := netlink.RouteDel(toNetlink(r)); err != nil && err != unix.ESRCH {
		return fmt.Errorf("delete route %s via %s: %w", r.Dst, r.Gw, err)
	}
	return nil
}

// linkMTU finds the MTU of the interface holding the node's address, so that pod
// packets fit the Docker network without fragmentation. It falls back to eth0, the
// node container's interface on that network.
func linkMTU(nodeIP netip.Addr) (int, error) {
	if nodeIP.IsValid() {
		addrs, err := netlink.AddrList(nil, netlink.FAMILY_ALL)
		if err == nil {
			for _, a := range addrs {
				if ip, ok := netip.AddrFromSlice(a.IP); ok && ip.Unmap() == nodeIP {
					if l, err := netlink.LinkByIndex(a.LinkIndex); err == nil {
						return l.Attrs().MTU, nil
					}
				}
			}
		}
	}
	l, err := netlink.LinkByName("eth0")
	if err != nil {
		return 0, err
	}
	return l.Attrs().MTU, nil
}

func prefixFromIPNet(n *net.IPNet) (netip.Prefix, bool) {
	ip, ok := netip.AddrFromSlice(n.IP)
	if !ok {
		return netip.Prefix{}, false
	}
	ones, _ := n.Mask.Size()
	return netip.PrefixFrom(ip.Unmap(), ones).Masked(), true
}
