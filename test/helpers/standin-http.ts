// The common part of the loopback stand-ins for Sonarr, Radarr, Lidarr, Jellyfin and Plex: one
// node:http server on 127.0.0.1, a check of the key where each service documents it, a log of the
// calls, and failures on demand (a status such as 500, or no answer at all, for timeouts).
import http from 'node:http';

/** One call a stand-in received. */
export interface StandInCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: http.IncomingHttpHeaders;
}

/** A route's answer: a status and a JSON body (undefined: empty). */
export interface StandInAnswer {
  status: number;
  body?: unknown;
}

/** Answers a call it knows, or undefined (404). */
export type StandInRouter = (call: StandInCall) => StandInAnswer | undefined;

/** A running stand-in. */
export interface StandIn {
  url: string;
  calls: StandInCall[];
  /** Every call from now on answers this status (undefined: back to normal). */
  failWith(status: number | undefined): void;
  /** Every call from now on gets no answer (a timeout for the client) until set false. */
  hang(on: boolean): void;
  close(): Promise<void>;
}

/** Starts a stand-in: `authorized` says whether a call carries the right key (401 otherwise). */
export async function startStandIn(authorized: (call: StandInCall) => boolean, route: StandInRouter): Promise<StandIn> {
  const calls: StandInCall[] = [];
  let failure: number | undefined;
  let hanging = false;
  const held = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      const call: StandInCall = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, body, headers: request.headers };
      calls.push(call);
      if (hanging) {
        held.add(response);
        return;
      }
      const answer: StandInAnswer = !authorized(call)
        ? { status: 401 }
        : failure !== undefined
          ? { status: failure, body: { message: 'stand-in failure' } }
          : (route(call) ?? { status: 404, body: { message: 'NotFound' } });
      const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
      response.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
      response.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    failWith: (status) => {
      failure = status;
    },
    hang: (on) => {
      hanging = on;
      if (!on) for (const response of held) response.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of held) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
