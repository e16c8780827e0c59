// The MediaVigil service implementation: each method is a thin handler wrapped with the auth
// check and the error mapping. The handlers live in handlers/, the streams in their own modules.
import type { sendUnaryData, ServerUnaryCall, ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Authorizer } from './auth.js';
import type { HandlerContext } from './context.js';
import { toServiceError } from './errors.js';
import { exportFiles } from './export.js';
import { accept, getFile, listDuplicates, listFiles, recheck } from './handlers/files.js';
import { createIgnoreRule, deleteIgnoreRule, listIgnoreRules } from './handlers/ignore-rules.js';
import { getStatus, pause, resume } from './handlers/status.js';
import { getThumbnail } from './handlers/thumbnails.js';
import { cancelSweep, getSweep, listSweeps, startSweep } from './handlers/sweeps.js';
import type { MethodName } from './proto.js';
import { StreamSession, StreamStopped } from './stream-session.js';
import { refuseUnparsable } from './unparsable.js';
import { watchEvents } from './watch-events.js';

/** A unary handler: request message in, response message out. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type UnaryHandler = (request: any, context: HandlerContext) => object | Promise<object>;
/** A streaming handler: writes through the session, returns when the stream is complete. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StreamHandler = (request: any, session: StreamSession<object>, context: HandlerContext) => Promise<void>;

/** The implementation object for `server.addService`, checking every call with `authorize`. */
export function createServiceImplementation(context: HandlerContext, authorize: Authorizer): UntypedServiceImplementation {
  const unaryHandlers: Record<Exclude<MethodName, 'WatchEvents' | 'Export'>, UnaryHandler> = {
    GetStatus: getStatus,
    ListFiles: listFiles,
    GetFile: getFile,
    GetThumbnail: getThumbnail,
    StartSweep: startSweep,
    GetSweep: getSweep,
    ListSweeps: listSweeps,
    CancelSweep: cancelSweep,
    Recheck: recheck,
    Accept: accept,
    ListDuplicates: listDuplicates,
    ListIgnoreRules: listIgnoreRules,
    CreateIgnoreRule: createIgnoreRule,
    DeleteIgnoreRule: deleteIgnoreRule,
    Pause: pause,
    Resume: resume,
  };
  const implementation: UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(unaryHandlers)) {
    implementation[method] = unary(method as MethodName, handler, context, authorize);
  }
  implementation['WatchEvents'] = serverStream('WatchEvents', watchEvents, context, authorize);
  implementation['Export'] = serverStream('Export', exportFiles, context, authorize);
  return implementation;
}

function unary(method: MethodName, handler: UnaryHandler, context: HandlerContext, authorize: Authorizer) {
  return (call: ServerUnaryCall<object, object>, callback: sendUnaryData<object>): void => {
    void (async () => {
      try {
        authorize(call.metadata, method);
        refuseUnparsable(call.request, method);
        const response = await handler(call.request, context);
        callback(null, response);
      } catch (error) {
        callback(toServiceError(error, context.log, method));
      }
    })();
  };
}

function serverStream(method: MethodName, handler: StreamHandler, context: HandlerContext, authorize: Authorizer) {
  return (call: ServerWritableStream<object, object>): void => {
    const session = new StreamSession<object>(call, context.streams);
    void (async () => {
      try {
        authorize(call.metadata, method);
        refuseUnparsable(call.request, method);
        context.streams.checkCapacity();
        await handler(call.request, session, context);
        if (session.stoppedBy) throw session.stoppedBy;
        session.end();
      } catch (error) {
        if (error instanceof StreamStopped && !session.stoppedBy) return session.end();
        session.end(toServiceError(error instanceof StreamStopped ? session.stoppedBy : error, context.log, method));
      }
    })();
  };
}
