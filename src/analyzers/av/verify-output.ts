// Follows a verify run's stderr live. The stream-copy output is a framecrc listing written to the
// same pipe as ffmpeg's log (flushed per packet), so every log line arrives right after the packet
// it belongs to: that packet's timestamp is the message's position. The listing also says how far
// each stream really goes, which the length checks compare with what the container declares.
import { StringDecoder } from 'node:string_decoder';
import { ESTIMATED_DURATION, cleanLine, isFrameLine } from './ffmpeg-messages.js';
import { splitLevel, type InputHeader } from './input-header.js';
import type { MessageCollector } from './message-collector.js';

/** What the packets of one output stream covered, in seconds of media time. */
export interface StreamExtent {
  mediaType?: string;
  packets: number;
  /** Earliest presentation time seen. */
  start?: number;
  /** Latest presentation time plus that packet's duration. */
  end?: number;
}

/** framecrc prints AV_NOPTS_VALUE as INT64_MIN; anything this low is "no timestamp". */
const NO_TIMESTAMP = -1e15;

/** Reads a verify run's stderr chunk by chunk; log lines go to the collector with their position. */
export class VerifyOutput {
  readonly streams: StreamExtent[] = [];
  private readonly timeBases: number[] = [];
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private position: number | undefined;
  private lastMessage: string | undefined;
  private estimated = false;
  private stopped = false;

  /**
   * `onDamage` runs at the first line that means damage or truncation (for stop-at-first-error);
   * `takeLine` gets first say on each line and keeps those of a filter's listing (true) from the log.
   * `header` gets the info lines of a run with `-v level+info` (the quick tier's one run, quick-av.ts).
   */
  constructor(
    private readonly collector: MessageCollector,
    private readonly onDamage?: () => void,
    private readonly takeLine?: (line: string) => boolean,
    private readonly inputHeader?: InputHeader,
  ) {}

  add(chunk: Buffer): void {
    const lines = (this.partial + this.decoder.write(chunk)).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  /** Call once the process has ended: the last line may lack its newline. */
  finish(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest) this.line(rest);
  }

  /** The earliest media time of any stream: positions and extents are reported relative to it. */
  origin(): number {
    const starts = this.streams.map((s) => s.start).filter((s): s is number => s !== undefined);
    return starts.length > 0 ? Math.min(...starts) : 0;
  }

  /** True when ffmpeg said it estimated the duration from the bitrate (so the duration is no evidence). */
  get durationIsEstimated(): boolean {
    return this.estimated;
  }

  /** The last log line (not a frame line), cleaned, for a failure that printed nothing classifiable. */
  get lastLogLine(): string | undefined {
    return this.lastMessage;
  }

  private line(printed: string): void {
    // With `-v level+info`, info lines describe the input and are never findings; the others read as
    // they would at `-v warning` once their level is taken out.
    const { level, text: raw } = splitLevel(printed);
    if (level === 'info' || level === 'verbose') {
      this.inputHeader?.add(raw.trimEnd());
      return;
    }
    const line = raw.trim();
    if (line.startsWith('#')) {
      this.header(line);
      return;
    }
    if (isFrameLine(line)) {
      this.packet(line);
      return;
    }
    if (this.takeLine?.(line)) return;
    // Our framecrc listing's muxer checks timestamps the null muxer never looked at ("Invalid DTS ...
    // replacing by guess" on clean B-frame mkv): remarks about our listing, not about the file.
    if (/^\[framecrc @ /.test(line)) return;
    if (line) this.lastMessage = cleanLine(line) || this.lastMessage;
    if (ESTIMATED_DURATION.test(line)) this.estimated = true;
    // After a stop at the first error, what ffmpeg printed before it died is not reported.
    if (this.stopped) return;
    const kind = this.collector.add(raw, this.position);
    if ((kind === 'damage' || kind === 'truncation') && this.onDamage) {
      this.stopped = true;
      this.onDamage();
    }
  }

  private header(line: string): void {
    const timeBase = /^#tb (\d+): (\d+)\/(\d+)/.exec(line);
    if (timeBase) this.timeBases[Number(timeBase[1])] = Number(timeBase[2]) / Number(timeBase[3]);
    const mediaType = /^#media_type (\d+): (\w+)/.exec(line);
    if (mediaType) this.stream(Number(mediaType[1])).mediaType = mediaType[2]!;
  }

  private packet(line: string): void {
    const [index, dts, pts, duration] = line.split(',', 4).map((field) => Number(field.trim()));
    const timeBase = this.timeBases[index!];
    if (index === undefined || timeBase === undefined) return;
    const stream = this.stream(index);
    stream.packets += 1;
    const stamp = pts !== undefined && pts > NO_TIMESTAMP ? pts : dts !== undefined && dts > NO_TIMESTAMP ? dts : undefined;
    if (stamp === undefined) return;
    const seconds = stamp * timeBase;
    const end = seconds + Math.max(0, duration ?? 0) * timeBase;
    this.position = seconds;
    if (stream.start === undefined || seconds < stream.start) stream.start = seconds;
    if (stream.end === undefined || end > stream.end) stream.end = end;
  }

  private stream(index: number): StreamExtent {
    let stream = this.streams[index];
    if (!stream) {
      stream = { packets: 0 };
      this.streams[index] = stream;
    }
    return stream;
  }
}
