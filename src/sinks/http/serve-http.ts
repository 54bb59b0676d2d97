import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { App } from './create-app.js';
import { formatListenAddress } from './listen-address.js';

/** Limits that keep the server's memory bounded whatever the clients do. */
export const HTTP_LIMITS = {
  /** Open connections at once; more are refused by the kernel backlog and then dropped. */
  maxConnections: 256,
  /** A client must send its headers within this (slowloris). */
  headersTimeoutMs: 10_000,
  /** And the whole request. */
  requestTimeoutMs: 15_000,
  /** Idle keep-alive connections are closed after this; Prometheus reconnects when it needs to. */
  keepAliveTimeoutMs: 30_000,
  maxHeaderSize: 16_384,
} as const;

export interface RunningServer {
  /** `127.0.0.1:9879`, with the port the kernel chose for `:0`. */
  address: string;
  port: number;
  /** Stop accepting, let requests in flight finish for `graceMs`, then cut the rest. */
  close(graceMs: number): Promise<void>;
}

/**
 * Serve `app` on node:http. Resolves once the port is open; rejects with the listen error
 * (EADDRINUSE, EACCES, EADDRNOTAVAIL) for the caller to turn into an exit code.
 */
export function writeHttpServer(app: App, host: string, port: number): Promise<RunningServer> {
  const server = createServer(
    {
      headersTimeout: HTTP_LIMITS.headersTimeoutMs,
      requestTimeout: HTTP_LIMITS.requestTimeoutMs,
      keepAliveTimeout: HTTP_LIMITS.keepAliveTimeoutMs,
      maxHeaderSize: HTTP_LIMITS.maxHeaderSize,
    },
    (req, res) => {
      handle(app, req, res);
    },
  );
  server.maxConnections = HTTP_LIMITS.maxConnections;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      const a = server.address() as AddressInfo;
      resolve({
        address: formatListenAddress(a.address, a.port),
        port: a.port,
        close: (graceMs) => closeServer(server, sockets, graceMs),
      });
    });
  });
}

// --- internal ---

function handle(app: App, req: IncomingMessage, res: ServerResponse): void {
  req.resume(); // a body is never read: drain it so keep-alive works
  app.handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }).then(
    (out) => {
      const body = typeof out.body === 'string' ? Buffer.from(out.body) : out.body;
      res.writeHead(out.status, { ...out.headers, 'content-length': String(body.length) });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
    (err: unknown) => {
      const msg = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`500 internal error: ${msg}\n`);
    },
  );
}

function closeServer(server: Server, sockets: Set<Socket>, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      for (const s of sockets) s.destroy();
    }, graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
