// A TCP/unix-socket forwarder for the remote test engine (remote-engine.ts), run as
//   node forward.mjs LISTEN=CONNECT [LISTEN=CONNECT…]
// where each side is tcp:HOST:PORT or unix:PATH. Every connection accepted on LISTEN is piped
// both ways to a new connection to CONNECT. It prints `ready` once every listener is up, and
// exits when its stdin closes: its owner ended it, or the owner is gone.
import net from 'node:net';

/** `tcp:127.0.0.1:5000` → { host, port }; `unix:/path` → { path }. */
function address(text) {
  if (text.startsWith('unix:')) return { path: text.slice('unix:'.length) };
  const match = /^tcp:(.+):(\d+)$/.exec(text);
  if (!match) throw new Error(`not an address: ${text} (tcp:HOST:PORT or unix:PATH)`);
  return { host: match[1], port: Number(match[2]) };
}

const listening = process.argv.slice(2).map((pair) => {
  const [from, to] = pair.split('=');
  const target = address(to);
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const upstream = net.connect({ ...target, allowHalfOpen: true });
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  const source = address(from);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    if (source.path) server.listen(source.path, resolve);
    else server.listen(source.port, source.host, resolve);
  });
});

Promise.all(listening).then(
  () => process.stdout.write('ready\n'),
  (error) => {
    process.stderr.write(`forward: ${error.message}\n`);
    process.exit(1);
  },
);
process.stdin.on('data', () => {});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
