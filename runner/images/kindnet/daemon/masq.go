package main

import (
	"bytes"
	"fmt"
	"net/netip"
	"os/exec"
	"strings"
)

// masqChain holds the one rule that makes pod traffic leaving the cluster's pod
// subnet look like it comes from the node, so that replies find their way back
// through the Docker network (which knows nothing about pod addresses).
const masqChain = "KINDNET-MASQ"

const masqComment = "kindnet: masquerade pod traffic leaving the pod subnet"

// masqRule is the rule inside masqChain for one pod subnet.
func masqRule(subnet netip.Prefix) []string {
	s := subnet.Masked().String()
	return []string{"-s", s, "!", "-d", s, "-m", "comment", "--comment", masqComment, "-j", "MASQUERADE"}
}

// jumpRule sends POSTROUTING through masqChain.
func jumpRule() []string {
	return []string{"-m", "comment", "--comment", masqComment, "-j", masqChain}
}

// restoreInput declares masqChain (which iptables-restore --noflush empties, so a
// changed subnet never leaves a stale rule behind) and fills it in one transaction.
func restoreInput(subnets []netip.Prefix) string {
	var b strings.Builder
	b.WriteString("*nat\n:" + masqChain + " - [0:0]\n")
	for _, s := range subnets {
		b.WriteString("-A " + masqChain + " " + quoteArgs(masqRule(s)) + "\n")
	}
	b.WriteString("COMMIT\n")
	return b.String()
}

func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsAny(a, " \t\"") {
			a = `"` + a + `"`
		}
		q[i] = a
	}
	return strings.Join(q, " ")
}

// iptables runs one family's iptables in the backend (nft or legacy) the node
// already uses: rules split across both backends work but confuse anyone reading
// `iptables-save` on the node.
type iptables struct {
	cmd string // e.g. iptables-nft or ip6tables-legacy
}

// detectBackend picks the backend holding the kubelet's and kube-proxy's chains,
// nft when neither holds any yet (Debian's default).
func detectBackend() string {
	count := func(save string) int {
		out, err := exec.Command(save).Output()
		if err != nil {
			return 0
		}
		return bytes.Count(out, []byte("KUBE-"))
	}
	if count("iptables-legacy-save") > count("iptables-nft-save") {
		return "legacy"
	}
	return "nft"
}

func newIPTables(v6 bool, backend string) iptables {
	if v6 {
		return iptables{cmd: "ip6tables-" + backend}
	}
	return iptables{cmd: "iptables-" + backend}
}

func (t iptables) run(args ...string) error {
	out, err := exec.Command(t.cmd, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v: %s", t.cmd, strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

func (t iptables) has(chain string, rule []string) bool {
	return t.run(append([]string{"-w", "-t", "nat", "-C", chain}, rule...)...) == nil
}

// ensureMasquerade makes the chain hold exactly the rules for subnets and the jump
// to it exist once; it changes nothing when both are already in place.
func (t iptables) ensureMasquerade(subnets []netip.Prefix) error {
	complete := t.has("POSTROUTING", jumpRule())
	for _, s := range subnets {
		complete = complete && t.has(masqChain, masqRule(s))
	}
	if complete {
		return nil
	}
	restore := exec.Command(t.cmd+"-restore", "-w", "--noflush")
	restore.Stdin = strings.NewReader(restoreInput(subnets))
	if out, err := restore.CombinedOutput(); err != nil {
		return fmt.Errorf("%s-restore: %v: %s", t.cmd, err, bytes.TrimSpace(out))
	}
	if !t.has("POSTROUTING", jumpRule()) {
		return t.run(append([]string{"-w", "-t", "nat", "-A", "POSTROUTING"}, jumpRule()...)...)
	}
	return nil
}
