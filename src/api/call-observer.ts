// A server interceptor that reports the end of every call once, with its method path and status
// code (a client that went away counts as CANCELLED), for the metrics. It never changes a call.
import { ServerInterceptingCall, status, type ServerInterceptor } from '@grpc/grpc-js';

/** Called once per call as it ends; `method` is the path, e.g. /mediavigil.v1.MediaVigil/GetStatus. */
export type CallEndListener = (method: string, code: number) => void;

export function observeCalls(onCallEnd: CallEndListener): ServerInterceptor {
  return (methodDescriptor, call) => {
    let reported = false;
    const report = (code: number): void => {
      if (reported) return;
      reported = true;
      try {
        onCallEnd(methodDescriptor.path, code);
      } catch {
        // An observer's failure must not fail the call it observed.
      }
    };
    return new ServerInterceptingCall(call, {
      start: (next) => next({ onCancel: () => report(status.CANCELLED) }),
      sendStatus: (sent, next) => {
        report(sent.code);
        next(sent);
      },
    });
  };
}
