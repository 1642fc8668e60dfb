// kindnetd is Kindling's small CNI daemon for multi-node lab clusters, doing what
// kind's kindnet does: every node gets a pod CIDR from the controller manager; this
// daemon (one per node) writes the node's CNI configuration for that CIDR, routes
// every other node's CIDR to that node over the shared Docker network, and
// masquerades pod traffic leaving the cluster's pod subnet.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	listersv1 "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
)

type daemon struct {
	nodeName   string
	confPath   string
	podSubnets []netip.Prefix
	nodes      listersv1.NodeLister
	ipt        map[bool]iptables // by "is IPv6"
}

func main() {
	confDir := flag.String("cni-conf-dir", "/etc/cni/net.d", "folder the container runtime reads CNI configuration from")
	resync := flag.Duration("resync", 30*time.Second, "how often routes and rules are checked even without node changes")
	flag.Parse()
	log.SetFlags(log.LstdFlags | log.Lmsgprefix)
	log.SetPrefix("kindnetd: ")

	d := &daemon{
		nodeName: os.Getenv("NODE_NAME"),
		confPath: filepath.Join(*confDir, "10-kindnet.conflist"),
	}
	if d.nodeName == "" {
		log.Fatal("NODE_NAME is not set (give it the pod's spec.nodeName through the downward API)")
	}
	for _, s := range strings.Split(os.Getenv("POD_SUBNET"), ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			log.Fatalf("POD_SUBNET: %v", err)
		}
		d.podSubnets = append(d.podSubnets, p.Masked())
	}
	if len(d.podSubnets) == 0 {
		log.Print("POD_SUBNET is not set: pod traffic leaving the cluster will not be masqueraded")
	}

	cfg, err := rest.InClusterConfig()
	if err != nil {
		log.Fatalf("in-cluster config: %v", err)
	}
	cfg.UserAgent = "kindnetd"
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	// Any node change triggers one full, idempotent sync; a burst of changes while a
	// sync runs collapses into one more.
	kick := make(chan struct{}, 1)
	poke := func(any) {
		select {
		case kick <- struct{}{}:
		default:
		}
	}
	factory := informers.NewSharedInformerFactory(client, 0)
	inf := factory.Core().V1().Nodes()
	if _, err := inf.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    poke,
		UpdateFunc: func(_, n any) { poke(n) },
		DeleteFunc: poke,
	}); err != nil {
		log.Fatal(err)
	}
	d.nodes = inf.Lister()
	factory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), inf.Informer().HasSynced) {
		log.Fatal("node informer did not sync")
	}

	backend := detectBackend()
	d.ipt = map[bool]iptables{false: newIPTables(false, backend), true: newIPTables(true, backend)}
	log.Printf("node %s, pod subnet %v, iptables backend %s", d.nodeName, d.podSubnets, backend)

	tick := time.NewTicker(*resync)
	defer tick.Stop()
	poke(nil)
	for {
		select {
		case <-ctx.Done():
			// Routes and rules stay: pods keep working while the daemon restarts.
			log.Print("stopping")
			return
		case <-kick:
		case <-tick.C:
		}
		if err := d.sync(); err != nil {
			log.Print(err)
		}
	}
}

// sync brings the CNI configuration, the routes and the masquerade rule in line
// with the cluster's nodes. It keeps going past a failing part and reports all.
func (d *daemon) sync() error {
	nodes, err := d.nodes.List(labels.Everything())
	if err != nil {
		return err
	}
	var errs []string
	if err := d.syncConfig(nodes); err != nil {
		errs = append(errs, err.Error())
	}
	if err := d.syncRoutes(nodes); err != nil {
		errs = append(errs, err.Error())
	}
	if err := d.syncMasquerade(); err != nil {
		errs = append(errs, err.Error())
	}
	if len(errs) > 0 {
		return fmt.Errorf("sync: %s", strings.Join(errs, "; "))
	}
	return nil
}

func (d *daemon) syncConfig(nodes []*corev1.Node) error {
	var self *corev1.Node
	for _, n := range nodes {
		if n.Name == d.nodeName {
			self = n
		}
	}
	if self == nil {
		return fmt.Errorf("node %s not found", d.nodeName)
	}
	cidrs := nodePodCIDRs(self)
	if len(cidrs) == 0 {
		// The kubelet keeps the node NotReady until a configuration exists, which is
		// right: without a pod CIDR no pod could get an address.
		return fmt.Errorf("node %s has no pod CIDR yet (is the controller manager allocating node CIDRs?)", d.nodeName)
	}
	var nodeIP netip.Addr
	for _, a := range self.Status.Addresses {
		if a.Type == corev1.NodeInternalIP {
			if ip, err := netip.ParseAddr(a.Address); err == nil {
				nodeIP = ip
				break
			}
		}
	}
	mtu, err := linkMTU(nodeIP)
	if err != nil {
		log.Printf("MTU unknown, leaving the plugin default: %v", err)
		mtu = 0
	}
	data, err := renderConflist(cniConfig{PodCIDRs: cidrs, MTU: mtu})
	if err != nil {
		return err
	}
	changed, err := writeFileAtomic(d.confPath, data)
	if err != nil {
		return fmt.Errorf("write %s: %w", d.confPath, err)
	}
	if changed {
		log.Printf("wrote %s for pod CIDRs %v, MTU %d", d.confPath, cidrs, mtu)
	}
	return nil
}

func (d *daemon) syncRoutes(nodes []*corev1.Node) error {
	current, err := ownedRoutes()
	if err != nil {
		return fmt.Errorf("list routes: %w", err)
	}
	replace, remove := diffRoutes(current, desiredRoutes(nodes, d.nodeName))
	var errs []string
	for _, r := range replace {
		if err := replaceRoute(r); err != nil {
			errs = append(errs, err.Error())
		} else {
			log.Printf("route %s via %s", r.Dst, r.Gw)
		}
	}
	for _, r := range remove {
		if err := deleteRoute(r); err != nil {
			errs = append(errs, err.Error())
		} else {
			log.Printf("removed route %s via %s", r.Dst, r.Gw)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

func (d *daemon) syncMasquerade() error {
	byFamily := map[bool][]netip.Prefix{}
	for _, s := range d.podSubnets {
		byFamily[s.Addr().Is6()] = append(byFamily[s.Addr().Is6()], s)
	}
	for v6, subnets := range byFamily {
		if err := d.ipt[v6].ensureMasquerade(subnets); err != nil {
			return err
		}
	}
	return nil
}
