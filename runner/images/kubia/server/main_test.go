package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func get(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	req.RemoteAddr = "10.244.1.7:40312"
	req.Header.Set("X-Forwarded-For", "192.0.2.1")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestEveryPathNamesThePod(t *testing.T) {
	h := handler("kubia-7d9f-abcde")
	for _, path := range []string{"/", "/foo", "/foo/bar?x=1", "/whoamix", "/healthzz"} {
		rec := get(t, h, http.MethodGet, path)
		if rec.Code != http.StatusOK || rec.Body.String() != "You've hit kubia-7d9f-abcde\n" {
			t.Errorf("GET %s: got %d %q", path, rec.Code, rec.Body.String())
		}
	}
	rec := get(t, h, http.MethodPost, "/whoami")
	if rec.Body.String() != "You've hit kubia-7d9f-abcde\n" {
		t.Errorf("POST /whoami: got %q", rec.Body.String())
	}
}

func TestHealthz(t *testing.T) {
	rec := get(t, handler("pod"), http.MethodGet, "/healthz")
	if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != "ok" {
		t.Fatalf("got %d %q", rec.Code, rec.Body.String())
	}
}

func TestWhoamiReportsThePeer(t *testing.T) {
	rec := get(t, handler("kubia-1"), http.MethodGet, "/whoami?q=1")
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("content type %q", ct)
	}
	var got whoami
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v: %s", err, rec.Body.String())
	}
	want := whoami{Hostname: "kubia-1", ClientAddress: "10.244.1.7", ClientPort: 40312, Method: "GET",
		Host: "example.com", Path: "/whoami", TLS: false}
	got.Headers, want.Headers = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	var raw map[string]any
	json.Unmarshal(rec.Body.Bytes(), &raw)
	for _, key := range []string{"hostname", "clientAddress", "clientPort", "method", "host", "path", "tls", "headers"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("field %q missing", key)
		}
	}
	if h := raw["headers"].(map[string]any); h["X-Forwarded-For"] != "192.0.2.1" {
		t.Errorf("headers: %v", h)
	}
}

func TestSplitAddrIPv6(t *testing.T) {
	if a, p := splitAddr("[fd00::5]:1234"); a != "fd00::5" || p != 1234 {
		t.Errorf("got %s %d", a, p)
	}
}

// syncBuffer lets the test read the log while the servers write it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

func TestServeHTTPAndHTTPSThenStop(t *testing.T) {
	httpLn, tlsLn := listen(t), listen(t)
	var logs syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, "kubia-x", httpLn, tlsLn, log.New(&logs, "", 0)) }()

	resp, err := http.Get("http://" + httpLn.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "You've hit kubia-x\n" {
		t.Errorf("http body %q", body)
	}

	// A client asking for any name by SNI gets a certificate for that name.
	var seen []string
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{
		InsecureSkipVerify: true,
		ServerName:         "web.example.test",
		VerifyConnection: func(cs tls.ConnectionState) error {
			seen = cs.PeerCertificates[0].DNSNames
			return cs.PeerCertificates[0].VerifyHostname("web.example.test")
		},
	}}}
	resp, err = client.Get("https://" + tlsLn.Addr().String() + "/whoami")
	if err != nil {
		t.Fatalf("https: %v (certificate names %v)", err, seen)
	}
	var w whoami
	json.NewDecoder(resp.Body).Decode(&w)
	resp.Body.Close()
	if !w.TLS || w.ClientAddress != "127.0.0.1" || w.ClientPort == 0 || w.Hostname != "kubia-x" {
		t.Errorf("https whoami: %+v", w)
	}

	// Without SNI (an IP address) the pod's own certificate answers.
	conn, err := tls.Dial("tcp", tlsLn.Addr().String(), &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	cert := conn.ConnectionState().PeerCertificates[0]
	conn.Close()
	if err := cert.VerifyHostname("kubia-x"); err != nil {
		t.Errorf("default certificate: %v", err)
	}
	if err := cert.VerifyHostname("127.0.0.1"); err != nil {
		t.Errorf("default certificate: %v", err)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop")
	}
	out := logs.String()
	if !strings.Contains(out, "http GET \"/\" 200") || !strings.Contains(out, "https GET \"/whoami\" 200") {
		t.Errorf("access log:\n%s", out)
	}
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("want one log line per request (2), got %d:\n%s", n, out)
	}
}

func TestCertCacheIsBounded(t *testing.T) {
	s, err := newCertStore("pod")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < maxCerts+5; i++ {
		if _, err := s.getCertificate(&tls.ClientHelloInfo{ServerName: "n" + string(rune('a'+i%26)) + strings.Repeat("x", i) + ".test"}); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.byName) > maxCerts {
		t.Errorf("cache grew to %d", len(s.byName))
	}
}
