// What `npm start` tells an operator about reaching the site from other machines: the URL
// to share when it listens beyond loopback, or a warning that only this machine can.
import os from "node:os";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);
const ANY = new Set(["0.0.0.0", "::"]);

export function shareAdvice(
  host: string,
  port: number,
  publicUrl: string | undefined,
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces(),
): string {
  if (publicUrl) return `learners open ${publicUrl} (KINDLING_PUBLIC_URL)`;
  if (LOOPBACK.has(host))
    return (
      `the site listens on loopback only: learners on other machines cannot reach it. ` +
      `To share it, set KINDLING_HOST=0.0.0.0 (and KINDLING_PUBLIC_URL to the address they use).`
    );
  const address = ANY.has(host) ? firstExternalIPv4(interfaces) : host;
  if (!address)
    return `the site listens on ${host}:${port}, but this machine has no external IPv4 address to share`;
  return `learners on other machines open http://${address}:${port}/ (set KINDLING_PUBLIC_URL if they use another name)`;
}

function firstExternalIPv4(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>): string | undefined {
  for (const [name, infos] of Object.entries(interfaces)) {
    // Docker's and Kindling's own bridges are not addresses people on the network can use.
    if (/^(docker|br-|veth)/.test(name)) continue;
    const found = infos?.find((i) => i.family === "IPv4" && !i.internal);
    if (found) return found.address;
  }
  return undefined;
}
