//go:build netns

// These tests change routes and iptables rules, so they only run inside a
// throwaway network namespace, e.g. a container of the kindnet image:
//
//	go test -c -tags netns -o kindnet.test
//	docker run --rm --network none --cap-add NET_ADMIN --cap-add NET_RAW \
//	  -v $PWD/kindnet.test:/kindnet.test kindling/kindnet:v1 /kindnet.test -test.v
package main

import (
	"net/netip"
	"os/exec"
	"strings"
	"testing"

	"github.com/vishvananda/netlink"
)

func TestMasqueradeIdempotent(t *testing.T) {
	ipt := newIPTables(false, detectBackend())
	subnets := []netip.Prefix{netip.MustParsePrefix("10.244.0.0/16")}
	for i := 0; i < 3; i++ {
		if err := ipt.ensureMasquerade(subnets); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command(ipt.cmd+"-save", "-t", "nat").Output()
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if n := strings.Count(s, "-j MASQUERADE"); n != 1 {
		t.Errorf("%d MASQUERADE rules, want 1:\n%s", n, s)
	}
	if n := strings.Count(s, "-j "+masqChain); n != 1 {
		t.Errorf("%d jumps, want 1:\n%s", n, s)
	}
	// A changed subnet replaces the old rule rather than adding to it.
	if err := ipt.ensureMasquerade([]netip.Prefix{netip.MustParsePrefix("10.100.0.0/16")}); err != nil {
		t.Fatal(err)
	}
	out, _ = exec.Command(ipt.cmd+"-save", "-t", "nat").Output()
	if strings.Contains(string(out), "10.244.0.0/16") || !strings.Contains(string(out), "10.100.0.0/16") {
		t.Errorf("stale rule:\n%s", out)
	}
}

func TestRoutesRoundTrip(t *testing.T) {
	// A veth pair stands in for the node's eth0 (the veth driver is always there
	// where Docker runs; the dummy driver may not be).
	veth := &netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: "node0", MTU: 1400}, PeerName: "node0peer"}
	if err := netlink.LinkAdd(veth); err != nil {
		t.Fatal(err)
	}
	link, _ := netlink.LinkByName("node0")
	addr, _ := netlink.ParseAddr("172.18.0.2/16")
	if err := netlink.AddrAdd(link, addr); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"node0", "node0peer"} {
		l, _ := netlink.LinkByName(name)
		if err := netlink.LinkSetUp(l); err != nil {
			t.Fatal(err)
		}
	}
	if mtu, err := linkMTU(netip.MustParseAddr("172.18.0.2")); err != nil || mtu != 1400 {
		t.Errorf("linkMTU = %d, %v", mtu, err)
	}
	want := []podRoute{r("10.244.1.0/24", "172.18.0.3"), r("10.244.2.0/24", "172.18.0.4")}
	for _, x := range want {
		if err := replaceRoute(x); err != nil {
			t.Fatal(err)
		}
	}
	// Replacing twice is fine, and a route the daemon did not make is not its own.
	if err := replaceRoute(want[0]); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("ip", "route", "add", "10.9.0.0/24", "via", "172.18.0.9").CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	got, err := ownedRoutes()
	if err != nil {
		t.Fatal(err)
	}
	sortRoutes(got)
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("owned routes %v, want %v", got, want)
	}
	replace, remove := diffRoutes(got, want[1:])
	if len(replace) != 0 || len(remove) != 1 {
		t.Fatalf("diff: %v %v", replace, remove)
	}
	if err := deleteRoute(remove[0]); err != nil {
		t.Fatal(err)
	}
	got, _ = ownedRoutes()
	if len(got) != 1 || got[0] != want[1] {
		t.Errorf("after delete: %v", got)
	}
}
