// The conformance suite's client sends no credentials, and Assay's /mcp answers only callers with an API token.
// This proxy forwards every request as it came (Host and Origin included, so the DNS-rebinding scenario still
// reaches Assay's own guard) and adds the token. Usage: node conformance-proxy.mjs PORT TARGET_URL TOKEN
import http from 'node:http';

const [listenPort, target, token] = [Number(process.argv[2]), new URL(process.argv[3]), process.argv[4]];

http.createServer((req, res) => {
  const headers = { ...req.headers, authorization: `Bearer ${token}` };
  const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (r) => {
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  upstream.on('error', (e) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`proxy: ${e.message}`);
  });
  req.pipe(upstream);
}).listen(listenPort, '127.0.0.1', function () {
  console.log(`PROXY ${this.address().port}`);
});
