import { describe, expect, it } from "vitest";
import { parseProxyMetrics, programmed } from "./proxy-sync.ts";

// As a node's kube-proxy 1.34 prints them (other metrics left out).
const metrics = (
  queued4: number,
  synced4: number,
) => `# HELP kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds [ALPHA] The last time a sync of proxy rules was queued
# TYPE kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds gauge
kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds{ip_family="IPv4"} ${queued4}
kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds{ip_family="IPv6"} 1.796226221014126e+09
kubeproxy_sync_proxy_rules_last_timestamp_seconds{ip_family="IPv4"} ${synced4}
kubeproxy_sync_proxy_rules_last_timestamp_seconds{ip_family="IPv6"} 1.7962262213443577e+09
kubeproxy_sync_proxy_rules_duration_seconds_count{ip_family="IPv4"} 42
`;

describe("kube-proxy's sync, read from its metrics", () => {
  const queued = 1.7962262688014796e9;

  it("reads when each IP family last queued and last finished a sync", () => {
    const sync = parseProxyMetrics(metrics(queued, 1.7962262693031442e9))!;
    expect(sync.lastQueued.get("IPv4")).toBeCloseTo(queued * 1000, 0);
    expect(sync.lastSynced.get("IPv4")).toBeCloseTo(1796226269303, 0);
    expect([...sync.lastQueued.keys()]).toEqual(["IPv4", "IPv6"]);
    expect(parseProxyMetrics("curl: (7) Failed to connect")).toBeUndefined();
  });

  it("has programmed its changes once a sync ended after the last one, and it has aged", () => {
    const synced = parseProxyMetrics(metrics(queued, queued + 0.5))!;
    expect(programmed(synced, queued * 1000 + 2000)).toBe(true);
    // A sync that was already running may have ended after the change without it.
    expect(programmed(synced, queued * 1000 + 1000)).toBe(false);
    // A change queued after the last sync is still to be programmed.
    const pending = parseProxyMetrics(metrics(queued, queued - 3))!;
    expect(programmed(pending, queued * 1000 + 60_000)).toBe(false);
  });
});
