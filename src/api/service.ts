// The MediaVigil service implementation: each method is a thin handler wrapped with the auth
// check and the error mapping. The handlers live in handlers/, the streams in their own modules.
import type { sendUnaryData, ServerUnaryCall, ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Authorizer } from './auth.js';
import { connectionKey, type StreamBudget } from './stream-budget.js';
import type { HandlerContext } from './context.js';
import { toServiceError } from './errors.js';
import { exportFiles } from './export.js';
import { accept, getFile, listDuplicates, listFiles, recheck } from './handlers/files.js';
import { createIgnoreRule, deleteIgnoreRule, listIgnoreRules } from './handlers/ignore-rules.js';
import { getStatus, pause, resume } from './handlers/status.js';
import { getThumbnail } from './handlers/thumbnails.js';
import { findRestoreCopy, finishRestore, readRestoreCopy } from './handlers/restore.js';
import { testNotifications } from './handlers/notify.js';
import { replace, testIntegrations } from './handlers/integrations.js';
import { cancelSweep, getSweep, listSweeps, startSweep } from './handlers/sweeps.js';
import type { DecodedRequest, Reply, StreamMethod, UnaryMethod } from './messages.js';
import { StreamSession, StreamStopped } from './stream-session.js';
import { refuseUnparsable } from './unparsable.js';
import { watchEvents } from './watch-events.js';

/** A unary handler of `M`: its request message in, its reply out (both types generated from proto/). */
type UnaryHandler<M extends UnaryMethod> = (request: DecodedRequest<M>, context: HandlerContext) => Reply<M> | Promise<Reply<M>>;
/** A streaming handler of `M`: writes its messages through the session, returns when the stream is complete. */
type StreamHandler<M extends StreamMethod> = (request: DecodedRequest<M>, session: StreamSession<Reply<M>>, context: HandlerContext) => Promise<void>;

/** Every unary method's handler; a method added to the .proto without one fails to compile. */
const UNARY_HANDLERS: { [M in UnaryMethod]: UnaryHandler<M> } = {
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
  FindRestoreCopy: findRestoreCopy,
  FinishRestore: finishRestore,
  TestNotifications: testNotifications,
  Replace: replace,
  TestIntegrations: testIntegrations,
};

/** Every streaming method's handler. */
const STREAM_HANDLERS: { [M in StreamMethod]: StreamHandler<M> } = {
  WatchEvents: watchEvents,
  Export: exportFiles,
  ReadRestoreCopy: readRestoreCopy,
};

/** The implementation object for `server.addService`, checking every call with `authorize`; streams take a share of `budget`. */
export function createServiceImplementation(context: HandlerContext, authorize: Authorizer, budget: StreamBudget): UntypedServiceImplementation {
  const implementation: UntypedServiceImplementation = {};
  // Generic per method, so each handler keeps its own request and reply types.
  const addUnary = <M extends UnaryMethod>(method: M): void => {
    implementation[method] = unary(method, UNARY_HANDLERS[method], context, authorize);
  };
  const addStream = <M extends StreamMethod>(method: M): void => {
    implementation[method] = serverStream(method, STREAM_HANDLERS[method], context, authorize, budget);
  };
  for (const method of Object.keys(UNARY_HANDLERS) as UnaryMethod[]) addUnary(method);
  for (const method of Object.keys(STREAM_HANDLERS) as StreamMethod[]) addStream(method);
  return implementation;
}

function unary<M extends UnaryMethod>(method: M, handler: UnaryHandler<M>, context: HandlerContext, authorize: Authorizer) {
  return (call: ServerUnaryCall<DecodedRequest<M>, Reply<M>>, callback: sendUnaryData<Reply<M>>): void => {
    void (async () => {
      try {
        authorize(call.metadata, method, call.getPeer());
        refuseUnparsable(call.request, method);
        const response = await handler(call.request, context);
        callback(null, response);
      } catch (error) {
        callback(toServiceError(error, context.log, method));
      }
    })();
  };
}

function serverStream<M extends StreamMethod>(method: M, handler: StreamHandler<M>, context: HandlerContext, authorize: Authorizer, budget: StreamBudget) {
  return (call: ServerWritableStream<DecodedRequest<M>, Reply<M>>): void => {
    const session = new StreamSession<Reply<M>>(call, context.streams, budget.limits.stallMs);
    void (async () => {
      try {
        const peer = call.getPeer();
        const caller = authorize(call.metadata, method, peer);
        refuseUnparsable(call.request, method);
        session.hold(budget.acquire(caller.name, connectionKey(peer)));
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
