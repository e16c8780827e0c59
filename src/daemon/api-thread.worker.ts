// The API thread: runs the gRPC server (the MediaVigil service, health, reflection) away from the
// main thread, which commits every result of an index and so cannot answer within milliseconds
// while one runs. Started by api-thread.ts; the messages are in api-thread-protocol.ts. Catalog
// reads are answered here; nothing here writes to the catalog.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { MvError } from '../errors.js';
import { startApiServer, type ApiServer } from '../api/server.js';
import { openCatalogForReading } from '../catalog/catalog-read-view.js';
import { createLogger } from '../log.js';
import { kernelThreadId } from '../process/thread-priority.js';
import { CommittedEvents, MainThreadCalls, ThreadBackend } from './api-thread-backend.js';
import { releaseHeap } from './heap-release.js';
import { toWireError, type ApiThreadData, type FromApiThread, type ToApiThread } from './api-thread-protocol.js';

if (parentPort === null) throw new Error('api-thread.worker.js runs as a worker thread of the daemon');
const port: MessagePort = parentPort;
const data = workerData as ApiThreadData;
const post = (message: FromApiThread): void => port.postMessage(message);
const log = createLogger(data.logLevel, { pretty: data.prettyLog });
const reads = openCatalogForReading(data.stateDir);
const main = new MainThreadCalls(post);
const events = new CommittedEvents(reads, post);
const backend = new ThreadBackend(reads, data.roots, main, events);

// A burst of calls grows this thread's heap, and an idle thread allocates too little for V8 to
// shrink it: once calls stop after a burst, one full collection gives the memory back (RssAnon 35 s
// after a 100k-file index with 200 GetFile a second: 105 MB with it, 134 MB without).
const RELEASE_AFTER_CALLS = 1000;
const QUIET_MS = 5000;
let callsSinceRelease = 0;
let lastCallAt = 0;
setInterval(() => {
  if (callsSinceRelease < RELEASE_AFTER_CALLS || Date.now() - lastCallAt < QUIET_MS) return;
  callsSinceRelease = 0;
  releaseHeap();
}, QUIET_MS).unref();

// Calls ended in one turn go to the metrics in one message.
let endedCalls: Array<[string, number]> = [];
const onCallEnd = (method: string, code: number): void => {
  callsSinceRelease += 1;
  lastCallAt = Date.now();
  endedCalls.push([method, code]);
  if (endedCalls.length === 1)
    setImmediate(() => {
      post({ type: 'calls-ended', calls: endedCalls });
      endedCalls = [];
    });
};

let server: ApiServer | undefined;
try {
  server = await startApiServer({ ...data.server, backend, log, onCallEnd });
  const threadId = kernelThreadId();
  post({ type: 'started', ...(server.tcpPort !== undefined && { tcpPort: server.tcpPort }), ...(threadId !== undefined && { kernelThreadId: threadId }) });
} catch (error) {
  post({ type: 'start-failed', error: toWireError(error) });
  await reads.close();
  port.close();
}

port.on('message', (message: ToApiThread) => void handle(message));

async function handle(message: ToApiThread): Promise<void> {
  if (server === undefined) return;
  switch (message.type) {
    case 'answer':
      return main.answered(message);
    case 'events':
      return events.committed(message.last);
    case 'roots':
      return backend.setRoots(message.roots);
    case 'serving':
      return server.setServing(message.serving);
    case 'log-level':
      return log.setLevel(message.level);
    case 'reload-tokens':
      try {
        await server.reloadTokens(message.tokens);
        post({ type: 'done', id: message.id });
      } catch (error) {
        post({ type: 'done', id: message.id, error: toWireError(error) });
      }
      return;
    case 'close':
      await server.close(message.graceMs);
      main.failAll(new MvError('MV_ERR_SHUTTING_DOWN', 'mediavigil is shutting down; try again once it has restarted'));
      await reads.close();
      post({ type: 'done', id: message.id });
      port.close();
  }
}
