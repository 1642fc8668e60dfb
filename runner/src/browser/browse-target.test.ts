import { describe, expect, it } from "vitest";
import { type EnvironmentAddresses, resolveBrowseTarget } from "./browse-target.ts";

const env: EnvironmentAddresses = {
  nodes: [
    { name: "k0a1b2c-3d4e-control-plane", ip: "172.18.0.2", role: "control-plane" },
    { name: "k0a1b2c-3d4e-worker", ip: "172.18.0.3", role: "worker" },
  ],
  loadBalancerIps: ["172.18.255.200"],
  hosts: ["kubia.example.com", "*.apps.example.com"],
};

const go = (url: string) => {
  const r = resolveBrowseTarget(url, env);
  if (!r.ok) throw new Error(`refused ${url}: ${r.reason}`);
  return r.target;
};
const refused = (url: string) => {
  const r = resolveBrowseTarget(url, env);
  if (r.ok) throw new Error(`${url} was allowed to ${JSON.stringify(r.target.connect)}`);
  return r.reason;
};

describe("resolveBrowseTarget: what the Browser tab may reach", () => {
  it("sends an Ingress host to the ingress controller on a worker, keeping the name", () => {
    const t = go("http://kubia.example.com/");
    expect(t.connect).toEqual({ kind: "address", ip: "172.18.0.3" });
    expect(t.host).toBe("kubia.example.com");
    expect(t.entry).toBe("ingress");
    expect(go("https://KUBIA.example.com./x#frag")).toMatchObject({
      url: "https://kubia.example.com/x",
      hostname: "kubia.example.com",
      port: 443,
    });
    expect(go("shop.apps.example.com:8080").port).toBe(8080);
  });

  it("opens NodePorts on any node and LoadBalancer addresses by IP", () => {
    expect(go("172.18.0.2:30080").connect).toEqual({ kind: "address", ip: "172.18.0.2" });
    expect(go("http://k0a1b2c-3d4e-worker:30080/").connect).toEqual({
      kind: "address",
      ip: "172.18.0.3",
    });
    expect(go("http://172.18.255.200/").via).toMatch(/LoadBalancer/);
  });

  it("treats localhost as the workstation's (port-forward), never the runner's", () => {
    for (const url of ["localhost:8080", "http://127.0.0.1:8080/", "http://[::1]:8080/"])
      expect(go(url).connect).toEqual({ kind: "workstation-loopback" });
    // Decimal and hex spellings of 127.0.0.1 are still loopback, so still the workstation's.
    expect(go("http://2130706433:8080/").connect).toEqual({ kind: "workstation-loopback" });
    expect(go("http://0x7f.1:8080/").hostname).toBe("127.0.0.1");
  });

  it("refuses the host, its gateway, other environments and link-local addresses", () => {
    expect(refused("http://172.18.0.1/")).toMatch(/not one of your environment's addresses/);
    expect(refused("http://172.19.0.3:30080/")).toMatch(/another learner's environment/);
    expect(refused("http://169.254.169.254/latest/meta-data/")).toMatch(/link-local/);
    // 2852039166 is 169.254.169.254 written as one number.
    expect(refused("http://2852039166/")).toMatch(/169\.254\.169\.254 is a link-local/);
    expect(refused("http://0.0.0.0:3000/")).toMatch(/this host/);
    expect(refused("http://93.184.215.14/")).toMatch(/outside your environment/);
  });

  it("never looks names up: an undeclared name is refused, whatever DNS would say", () => {
    expect(refused("http://example.com/")).toMatch(/No Ingress or HTTPRoute .* example\.com/);
    expect(refused("http://kubia.example.com.evil.test/")).toMatch(/never looks names up/);
    // A wildcard covers one label, as in Kubernetes.
    expect(refused("http://a.b.apps.example.com/")).toMatch(/No Ingress/);
    expect(refused("http://host.docker.internal/")).toMatch(/No Ingress/);
  });

  it("refuses IPv6 forms, other schemes and credentials", () => {
    expect(refused("http://[::ffff:172.18.0.3]:30080/")).toMatch(/IPv4 address written as IPv6/);
    expect(refused("http://[fe80::1]/")).toMatch(/IPv6/);
    expect(refused("file:///etc/passwd")).toMatch(/Only http and https/);
    expect(refused("gopher://172.18.0.3:70/")).toMatch(/Only http and https/);
    expect(refused("http://user:pw@172.18.0.3/")).toMatch(/user name or password/);
    expect(refused("http://")).toMatch(/not a web address/);
  });

  it("lists the environment's addresses in a refusal, so the learner can pick one", () => {
    expect(refused("http://10.0.0.1/")).toMatch(
      /nodes 172\.18\.0\.2, 172\.18\.0\.3; LoadBalancer 172\.18\.255\.200/,
    );
  });
});
