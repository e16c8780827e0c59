// The messages of mediavigil.v1 under the names the code uses, all taken from the types generated
// from proto/ (src/api/generated, `npm run gen:proto`), so a change to a .proto that the code does
// not follow fails to compile. `X__Output` is a message as proto-loader decodes it with the
// options of proto.ts: every field present (defaults filled in), 64-bit integers and enums as
// strings, unset messages null, unset `optional` fields absent. The server builds its replies in
// that complete form too, so what a handler returns is exactly what a client reads.
import type { MethodDefinition } from '@grpc/proto-loader';
import type { Timestamp__Output } from './generated/google/protobuf/Timestamp.js';
import type { DuplicateGroup__Output } from './generated/mediavigil/v1/DuplicateGroup.js';
import type { Event__Output } from './generated/mediavigil/v1/Event.js';
import type { ExportFormat__Output } from './generated/mediavigil/v1/ExportFormat.js';
import type { File__Output } from './generated/mediavigil/v1/File.js';
import type { FileFilter, FileFilter__Output } from './generated/mediavigil/v1/FileFilter.js';
import type { FileState__Output } from './generated/mediavigil/v1/FileState.js';
import type { IgnoreRule__Output } from './generated/mediavigil/v1/IgnoreRule.js';
import type { Issue__Output } from './generated/mediavigil/v1/Issue.js';
import type { MediaKind__Output } from './generated/mediavigil/v1/MediaKind.js';
import type { MediaVigilDefinition } from './generated/mediavigil/v1/MediaVigil.js';
import type { ProbeSummary__Output } from './generated/mediavigil/v1/ProbeSummary.js';
import type { Root__Output } from './generated/mediavigil/v1/Root.js';
import type { StreamSummary__Output } from './generated/mediavigil/v1/StreamSummary.js';
import type { Sweep__Output } from './generated/mediavigil/v1/Sweep.js';
import type { SweepState__Output } from './generated/mediavigil/v1/SweepState.js';
import type { SweepTrigger__Output } from './generated/mediavigil/v1/SweepTrigger.js';
import type { Verdict__Output } from './generated/mediavigil/v1/Verdict.js';
import type { VerifyDepth__Output } from './generated/mediavigil/v1/VerifyDepth.js';
import type { WatchState__Output } from './generated/mediavigil/v1/WatchState.js';

/** google.protobuf.Timestamp: seconds as a decimal string. */
export type WireTimestamp = Timestamp__Output;
/** Verdict, e.g. `VERDICT_CORRUPT`. */
export type WireVerdict = Verdict__Output;
/** MediaKind, e.g. `MEDIA_KIND_VIDEO`. */
export type WireMediaKind = MediaKind__Output;
/** FileState: present or missing. */
export type WireFileState = FileState__Output;
/** VerifyDepth, e.g. `VERIFY_DEPTH_FULL`. */
export type WireVerifyDepth = VerifyDepth__Output;
/** SweepState, e.g. `SWEEP_STATE_RUNNING`. */
export type WireSweepState = SweepState__Output;
/** SweepTrigger, e.g. `SWEEP_TRIGGER_SCHEDULE`. */
export type WireSweepTrigger = SweepTrigger__Output;
/** WatchState of a root's watcher, e.g. `WATCH_STATE_WATCHING`. */
export type WireWatchState = WatchState__Output;
/** ExportFormat: JSON lines or CSV. */
export type WireExportFormat = ExportFormat__Output;

/** One finding of an analyzer. */
export type WireIssue = Issue__Output;
/** One stream of a probed file. */
export type WireStream = StreamSummary__Output;
/** Container, duration and streams of a file. */
export type WireProbe = ProbeSummary__Output;
/** The catalog's record of one file. */
export type WireFile = File__Output;
/** A filter as the server decodes it (every field present). */
export type WireFileFilter = FileFilter__Output;
/** A filter as a client writes it (fields optional; uint64 bounds as number or string). */
export type WireFileFilterRequest = FileFilter;
/** One entry of the event log. */
export type WireEvent = Event__Output;
/** One sweep. */
export type WireSweep = Sweep__Output;
/** One configured root in GetStatus. */
export type WireRoot = Root__Output;
/** Files sharing one content. */
export type WireDuplicateGroup = DuplicateGroup__Output;
/** One ignore rule. */
export type WireIgnoreRule = IgnoreRule__Output;

/** The generated definition without grpc-js's string index signature: only the methods of the .proto. */
type Methods = { [K in keyof MediaVigilDefinition as string extends K ? never : number extends K ? never : K]: MediaVigilDefinition[K] };

/** A method of the MediaVigil service (a contract: clients outside this repo call these names). */
export type MethodName = keyof Methods & string;
/** The methods that answer with a stream of messages. */
export type StreamMethod = 'WatchEvents' | 'Export' | 'ReadRestoreCopy';
/** The methods that answer with one message. */
export type UnaryMethod = Exclude<MethodName, StreamMethod>;

type Definition<M extends MethodName> =
  Methods[M] extends MethodDefinition<infer Request, infer Response, infer Decoded, infer Reply>
    ? { request: Request; response: Response; decoded: Decoded; reply: Reply }
    : never;

/** A request of `M` as a client writes it (fields optional, 64-bit integers as number or string). */
export type RequestOf<M extends MethodName> = Definition<M>['request'];
/** A request of `M` as the server decodes it: every field present. */
export type DecodedRequest<M extends MethodName> = Definition<M>['decoded'];
/** A reply (or stream message) of `M`, complete: what the server builds and what the client decodes. */
export type Reply<M extends MethodName> = Definition<M>['reply'];
