// A server interceptor for the services we do not implement ourselves (grpc.health.v1, server
// reflection): on TCP they need a valid token like every MediaVigil call (they tell a stranger
// what runs here and whether it is up), and Health Watch streams take a share of the listener's
// stream budget, as WatchEvents does. MediaVigil calls pass untouched: service.ts checks them.
import { ServerInterceptingCall, status, type ServerInterceptor } from '@grpc/grpc-js';
import { MvError } from '../errors.js';
import type { Authorizer } from './auth.js';
import { SERVICE_NAME } from './proto.js';
import { connectionKey, type StreamBudget } from './stream-budget.js';

const OWN_PREFIX = `/${SERVICE_NAME}/`;
const HEALTH_WATCH = '/grpc.health.v1.Health/Watch';

/** Guards health and reflection calls with `authorize`, and counts Health Watch streams in `budget`. */
export function guardOtherServices(authorize: Authorizer, budget: StreamBudget): ServerInterceptor {
  return (methodDescriptor, call) => {
    if (methodDescriptor.path.startsWith(OWN_PREFIX)) return new ServerInterceptingCall(call);
    let release: (() => void) | undefined;
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, nextMetadata) => {
            const peer = call.getPeer();
            try {
              const caller = authorize(metadata, undefined, peer);
              if (methodDescriptor.path === HEALTH_WATCH) release = budget.acquire(caller.name, connectionKey(peer));
            } catch (error) {
              const refused = error instanceof MvError && error.code === 'MV_ERR_TOO_MANY_STREAMS' ? status.RESOURCE_EXHAUSTED : status.UNAUTHENTICATED;
              call.sendStatus({ code: refused, details: error instanceof Error ? error.message : String(error) });
              return;
            }
            nextMetadata(metadata);
          },
          onCancel: () => release?.(),
        }),
      sendStatus: (sent, next) => {
        release?.();
        next(sent);
      },
    });
  };
}
