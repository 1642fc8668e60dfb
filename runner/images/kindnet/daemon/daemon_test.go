package main

import (
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestRenderConflist(t *testing.T) {
	data, err := renderConflist(cniConfig{PodCIDRs: []netip.Prefix{netip.MustParsePrefix("10.244.1.0/24")}, MTU: 1450})
	if err != nil {
		t.Fatal(err)
	}
	var conf struct {
		CNIVersion string `json:"cniVersion"`
		Name       string `json:"name"`
		Plugins    []struct {
			Type         string          `json:"type"`
			IPMasq       *bool           `json:"ipMasq"`
			MTU          int             `json:"mtu"`
			Capabilities map[string]bool `json:"capabilities"`
			IPAM         struct {
				Type   string                `json:"type"`
				Ranges [][]map[string]string `json:"ranges"`
				Routes []map[string]string   `json:"routes"`
			} `json:"ipam"`
		} `json:"plugins"`
	}
	if err := json.Unmarshal(data, &conf); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	if conf.Name != "kindnet" || conf.CNIVersion == "" || len(conf.Plugins) != 2 {
		t.Fatalf("unexpected list: %s", data)
	}
	ptp, pm := conf.Plugins[0], conf.Plugins[1]
	if ptp.Type != "ptp" || ptp.IPMasq == nil || *ptp.IPMasq || ptp.MTU != 1450 {
		t.Errorf("ptp plugin: %+v", ptp)
	}
	if ptp.IPAM.Type != "host-local" ||
		!reflect.DeepEqual(ptp.IPAM.Ranges, [][]map[string]string{{{"subnet": "10.244.1.0/24"}}}) ||
		!reflect.DeepEqual(ptp.IPAM.Routes, []map[string]string{{"dst": "0.0.0.0/0"}}) {
		t.Errorf("ipam: %+v", ptp.IPAM)
	}
	if pm.Type != "portmap" || !pm.Capabilities["portMappings"] {
		t.Errorf("portmap plugin: %+v", pm)
	}
}

func TestRenderConflistDualStackAndNoMTU(t *testing.T) {
	data, err := renderConflist(cniConfig{PodCIDRs: []netip.Prefix{
		netip.MustParsePrefix("10.244.2.0/24"), netip.MustParsePrefix("fd00:10:244:2::/64"),
	}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, want := range []string{`"::/0"`, `"0.0.0.0/0"`, `"fd00:10:244:2::/64"`} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %s in %s", want, s)
		}
	}
	if strings.Contains(s, `"mtu"`) {
		t.Errorf("mtu 0 must be left to the plugin: %s", s)
	}
	if _, err := renderConflist(cniConfig{}); err == nil {
		t.Error("no pod CIDR must be an error")
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "net.d", "10-kindnet.conflist")
	for i, tc := range []struct {
		data    string
		changed bool
	}{{"a", true}, {"a", false}, {"b", true}} {
		changed, err := writeFileAtomic(path, []byte(tc.data))
		if err != nil || changed != tc.changed {
			t.Fatalf("write %d: changed=%v err=%v", i, changed, err)
		}
		got, _ := os.ReadFile(path)
		if string(got) != tc.data {
			t.Fatalf("write %d: content %q", i, got)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func node(name string, cidrs []string, ips ...string) *corev1.Node {
	n := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}}
	n.Spec.PodCIDRs = cidrs
	if len(cidrs) > 0 {
		n.Spec.PodCIDR = cidrs[0]
	}
	n.Status.Addresses = append(n.Status.Addresses, corev1.NodeAddress{Type: corev1.NodeHostName, Address: name})
	for _, ip := range ips {
		n.Status.Addresses = append(n.Status.Addresses, corev1.NodeAddress{Type: corev1.NodeInternalIP, Address: ip})
	}
	return n
}

func r(dst, gw string) podRoute {
	return podRoute{Dst: netip.MustParsePrefix(dst), Gw: netip.MustParseAddr(gw)}
}

func TestDesiredRoutes(t *testing.T) {
	nodes := []*corev1.Node{
		node("cp", []string{"10.244.0.0/24"}, "172.18.0.2"),
		node("w2", []string{"10.244.2.0/24"}, "172.18.0.4"),
		node("w1", []string{"10.244.1.0/24", "fd00:10:244:1::/64"}, "172.18.0.3", "fc00:f853::3"),
		node("new", nil, "172.18.0.5"),            // no CIDR yet
		node("noaddr", []string{"10.244.9.0/24"}), // no address yet
	}
	got := desiredRoutes(nodes, "cp")
	want := []podRoute{
		r("10.244.1.0/24", "172.18.0.3"),
		r("10.244.2.0/24", "172.18.0.4"),
		r("fd00:10:244:1::/64", "fc00:f853::3"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestDiffRoutes(t *testing.T) {
	current := []podRoute{
		r("10.244.1.0/24", "172.18.0.3"), // unchanged
		r("10.244.2.0/24", "172.18.0.9"), // node got a new address
		r("10.244.3.0/24", "172.18.0.5"), // node deleted
	}
	desired := []podRoute{
		r("10.244.1.0/24", "172.18.0.3"),
		r("10.244.2.0/24", "172.18.0.4"),
		r("10.244.4.0/24", "172.18.0.6"), // node joined
	}
	replace, remove := diffRoutes(current, desired)
	if want := []podRoute{r("10.244.2.0/24", "172.18.0.4"), r("10.244.4.0/24", "172.18.0.6")}; !reflect.DeepEqual(replace, want) {
		t.Errorf("replace: got %v, want %v", replace, want)
	}
	if want := []podRoute{r("10.244.3.0/24", "172.18.0.5")}; !reflect.DeepEqual(remove, want) {
		t.Errorf("remove: got %v, want %v", remove, want)
	}
	if a, b := diffRoutes(desired, desired); len(a)+len(b) != 0 {
		t.Errorf("in sync must be a no-op: %v %v", a, b)
	}
}

func TestRestoreInput(t *testing.T) {
	got := restoreInput([]netip.Prefix{netip.MustParsePrefix("10.244.0.0/16")})
	want := "*nat\n:KINDNET-MASQ - [0:0]\n" +
		`-A KINDNET-MASQ -s 10.244.0.0/16 ! -d 10.244.0.0/16 -m comment --comment "kindnet: masquerade pod traffic leaving the pod subnet" -j MASQUERADE` +
		"\nCOMMIT\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
