// Requests whose bytes are not a valid message. grpc-js answers a decoding failure itself with
// INTERNAL ("Error deserializing request"), which the API reserves for its own bugs, and before
// the token is checked. Here decoding never throws: a message that does not parse reaches the
// handler marked, which checks the token first and then answers INVALID_ARGUMENT.
import type { ServiceDefinition } from '@grpc/grpc-js';
import { messageOf } from '../errors.js';
import { invalidArgument } from './errors.js';

const UNPARSABLE = Symbol('unparsable request');

/** `service` with request decoders that mark a message they cannot decode instead of throwing. */
export function decodeTolerantly(service: ServiceDefinition): ServiceDefinition {
  const entries = Object.entries(service).map(([name, method]) => {
    const decode = method.requestDeserialize;
    const requestDeserialize = (bytes: Buffer): unknown => {
      try {
        return decode(bytes);
      } catch (error) {
        return { [UNPARSABLE]: messageOf(error) };
      }
    };
    return [name, { ...method, requestDeserialize }] as const;
  });
  return Object.fromEntries(entries) as ServiceDefinition;
}

/** Throws INVALID_ARGUMENT when the request of `method` could not be decoded. */
export function refuseUnparsable(request: unknown, method: string): void {
  const reason = (request as { [UNPARSABLE]?: string } | null)?.[UNPARSABLE];
  if (reason !== undefined)
    throw invalidArgument('request', `not a valid ${method} request message (${reason}); send the message defined in proto/mediavigil/v1`);
}
