// A TCP port nobody listens on right now, chosen by the OS: for servers a test
// starts itself (a PostgreSQL, a Redis), so that parallel test files and other
// checkouts on the machine never collide on a port picked at random.
import net from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
