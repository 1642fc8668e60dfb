// Command kubia is the workload of Kindling's Service networking labs. Every answer
// names the pod that gave it, so a grader (or a learner with curl) can see which
// backend a Service picked; GET /whoami also reports the client address the pod saw,
// which is how source-IP preservation is graded.
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// whoami is the body of GET /whoami.
type whoami struct {
	Hostname      string            `json:"hostname"`
	ClientAddress string            `json:"clientAddress"`
	ClientPort    int               `json:"clientPort"`
	Method        string            `json:"method"`
	Host          string            `json:"host"`
	Path          string            `json:"path"`
	TLS           bool              `json:"tls"`
	Headers       map[string]string `json:"headers"`
}

// handler answers every request; hostname is fixed at start-up (the pod's name).
func handler(hostname string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			hit(w, hostname)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("/whoami", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			hit(w, hostname)
			return
		}
		addr, port := splitAddr(r.RemoteAddr)
		body := whoami{
			Hostname:      hostname,
			ClientAddress: addr,
			ClientPort:    port,
			Method:        r.Method,
			Host:          r.Host,
			Path:          r.URL.Path,
			TLS:           r.TLS != nil,
			Headers:       map[string]string{},
		}
		for name, values := range r.Header {
			body.Headers[name] = strings.Join(values, ", ")
		}
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(body)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { hit(w, hostname) })
	return mux
}

func hit(w http.ResponseWriter, hostname string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "You've hit %s\n", hostname)
}

// splitAddr splits a peer address "ip:port" (IPv6 without brackets in the result).
func splitAddr(remote string) (string, int) {
	host, port, err := net.SplitHostPort(remote)
	if err != nil {
		return remote, 0
	}
	n, _ := strconv.Atoi(port)
	return host, n
}

// statusRecorder remembers the status code for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// logged writes one line per request, so `kubectl logs` shows which pod served whom.
func logged(logger *log.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		logger.Printf("%s %s %s %s %q %d %s", start.UTC().Format(time.RFC3339), r.RemoteAddr, scheme,
			r.Method, r.URL.RequestURI(), rec.status, time.Since(start).Round(time.Microsecond))
	})
}

// certStore makes self-signed certificates in memory: one for the pod's own names,
// and one per other name a client asks for by SNI, so that a Service, Ingress or
// node name always matches the certificate (clients still need -k: nothing signs it).
type certStore struct {
	key      *ecdsa.PrivateKey
	names    []string
	mu       sync.Mutex
	byName   map[string]*tls.Certificate
	fallback *tls.Certificate
}

// maxCerts bounds the per-name cache; a client inventing names cannot grow it further.
const maxCerts = 256

func newCertStore(hostname string) (*certStore, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	s := &certStore{key: key, byName: map[string]*tls.Certificate{}}
	s.names = []string{hostname, "localhost", "127.0.0.1", "::1"}
	if s.fallback, err = s.mint(s.names); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *certStore) mint(names []string) (*tls.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: names[0], Organization: []string{"Kindling kubia"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &s.key.PublicKey, s.key)
	if err != nil {
		return nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: s.key, Leaf: leaf}, nil
}

func (s *certStore) getCertificate(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	name := strings.ToLower(strings.TrimSuffix(hello.ServerName, "."))
	if name == "" {
		return s.fallback, nil
	}
	for _, n := range s.names {
		if n == name {
			return s.fallback, nil
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.byName[name]; ok {
		return c, nil
	}
	if len(s.byName) >= maxCerts {
		return s.fallback, nil
	}
	c, err := s.mint(append([]string{name}, s.names...))
	if err != nil {
		return nil, err
	}
	s.byName[name] = c
	return c, nil
}

// serve answers on httpLn (plain) and tlsLn (TLS) until ctx ends, then lets requests
// in flight finish before returning.
func serve(ctx context.Context, hostname string, httpLn, tlsLn net.Listener, logger *log.Logger) error {
	certs, err := newCertStore(hostname)
	if err != nil {
		return fmt.Errorf("making the TLS certificate: %w", err)
	}
	h := logged(logger, handler(hostname))
	plain := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	secure := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		TLSConfig:         &tls.Config{GetCertificate: certs.getCertificate, MinVersion: tls.VersionTLS12},
	}
	errs := make(chan error, 2)
	go func() { errs <- plain.Serve(httpLn) }()
	go func() { errs <- secure.Serve(tls.NewListener(tlsLn, secure.TLSConfig)) }()

	select {
	case err := <-errs:
		// One server failing takes the pod down so that Kubernetes restarts it.
		plain.Close()
		secure.Close()
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err1 := plain.Shutdown(shutdown)
	err2 := secure.Shutdown(shutdown)
	return errors.Join(err1, err2)
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func main() {
	logger := log.New(os.Stdout, "", 0)
	hostname, err := os.Hostname()
	if err != nil {
		logger.Fatalf("kubia: reading the hostname: %v", err)
	}
	httpAddr := ":" + envOr("PORT", "8080")
	tlsAddr := ":" + envOr("TLS_PORT", "8443")
	httpLn, err := net.Listen("tcp", httpAddr)
	if err != nil {
		logger.Fatalf("kubia: %v", err)
	}
	tlsLn, err := net.Listen("tcp", tlsAddr)
	if err != nil {
		logger.Fatalf("kubia: %v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	logger.Printf("kubia %s listening on %s (http) and %s (https)", hostname, httpAddr, tlsAddr)
	if err := serve(ctx, hostname, httpLn, tlsLn, logger); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Fatalf("kubia: %v", err)
	}
	logger.Printf("kubia %s stopped", hostname)
}
