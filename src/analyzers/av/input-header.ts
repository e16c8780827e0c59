// What ffprobe would say about a file, read from the "Input #0" block ffmpeg prints at log level
// info before it starts (with `-v level+info`, each log line carries its level, so the block can be
// told apart from the warnings and errors the verify collects). The quick tier runs this one ffmpeg
// process instead of ffprobe then ffmpeg. What the block gives: the demuxer's name list (ffprobe's
// format_name), the duration (to 1/100 s), the overall bit rate, the container's tags, and per
// stream its type, codec, size, frame rate, bit rate, sample rate, channels and attached-picture
// flag. What it lacks next to ffprobe: per-stream durations and frame counts (absent, so the
// per-stream length check of stream-lengths.ts is skipped at quick depth; the overall one stays).
import type { ProbeSummary, StreamSummary } from '../../types.js';

const MAX_TAGS = 32;
const MAX_TAG_KEY_CHARS = 64;
const MAX_TAG_CHARS = 256;

/** ffmpeg's channel layout names (av_channel_layout_describe) and their channel counts. */
const LAYOUT_CHANNELS: Readonly<Record<string, number>> = {
  mono: 1,
  stereo: 2,
  downmix: 2,
  '2.1': 3,
  '3.0': 3,
  '3.0(back)': 3,
  '4.0': 4,
  quad: 4,
  'quad(side)': 4,
  '3.1': 4,
  '5.0': 5,
  '5.0(side)': 5,
  '4.1': 5,
  '5.1': 6,
  '5.1(side)': 6,
  '6.0': 6,
  '6.0(front)': 6,
  hexagonal: 6,
  '6.1': 7,
  '6.1(back)': 7,
  '6.1(front)': 7,
  '7.0': 7,
  '7.0(front)': 7,
  '7.1': 8,
  '7.1(wide)': 8,
  '7.1(wide-side)': 8,
  '7.1(top)': 8,
  octagonal: 8,
  '5.1.2': 8,
  '7.1.4': 12,
  cube: 8,
  hexadecagonal: 16,
  '22.2': 24,
};

const STREAM_TYPES: Readonly<Record<string, StreamSummary['type']>> = {
  Video: 'video',
  Audio: 'audio',
  Subtitle: 'subtitle',
  Data: 'data',
  Attachment: 'attachment',
};

/** Collects the lines of the "Input #0" block and turns them into a ProbeSummary. */
export class InputHeader {
  private summary: ProbeSummary | undefined;
  private done = false;
  /** Indent of the "Metadata:" line whose entries are being read; the container's own is at 2. */
  private metadataIndent = -1;
  private lastTag: string | undefined;

  /** The summary, once the block started (ffmpeg opened the file). */
  get probe(): ProbeSummary | undefined {
    return this.summary;
  }

  /** True once the block is over (the next unindented info line came): its duration is known, or absent. */
  get complete(): boolean {
    return this.done;
  }

  /** One info-level line (its level prefix removed). */
  add(line: string): void {
    if (this.done) return;
    if (this.summary === undefined) {
      const input = /^Input #0, (.+), from '/.exec(line);
      if (input) this.summary = { container: input[1]!, streams: [] };
      return;
    }
    const indent = /^ */.exec(line)![0].length;
    if (indent === 0) {
      this.done = true; // "Output #0", "Stream mapping:": the block is over
      return;
    }
    const text = line.slice(indent);
    if (indent <= this.metadataIndent) this.metadataIndent = -1;
    if (text === 'Metadata:') {
      this.metadataIndent = indent;
      return;
    }
    // The container's tags; a value of several lines goes on at a deeper indent, after ": ".
    if (this.metadataIndent === 2) {
      this.tag(indent === 4 ? text : text.replace(/^: /, ' : '));
      return;
    }
    if (this.metadataIndent !== -1) return;
    if (text.startsWith('Duration: ')) {
      this.duration(text);
      return;
    }
    const stream = /^Stream #0:(\d+)(?:\[[^\]]*\])?(?:\(([^)]*)\))?: (\w+): (.*)$/.exec(text);
    if (stream) {
      const parsed = toStream(Number(stream[1]), stream[3]!, stream[4]!);
      // "Stream #0:1(eng)": the language tag, as ffprobe's tags.language (content_checks languages).
      const language = stream[2]?.trim().toLowerCase().slice(0, 16);
      if (language && language !== 'und') parsed.language = language;
      this.summary.streams.push(parsed);
    }
  }

  private tag(text: string): void {
    const summary = this.summary!;
    const entry = /^(.*?)\s*: (.*)$/.exec(text);
    if (!entry) return;
    const [, key, value] = entry as unknown as [string, string, string];
    summary.tags ??= {};
    if (key === '' && this.lastTag !== undefined) {
      summary.tags[this.lastTag] = `${summary.tags[this.lastTag]}\n${value}`.slice(0, MAX_TAG_CHARS);
      return;
    }
    if (Object.keys(summary.tags).length >= MAX_TAGS) return;
    this.lastTag = key.slice(0, MAX_TAG_KEY_CHARS);
    summary.tags[this.lastTag] = value.slice(0, MAX_TAG_CHARS);
  }

  private duration(text: string): void {
    const summary = this.summary!;
    const time = /^Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(text);
    if (time) summary.durationSeconds = Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3]);
    const rate = /bitrate: (\d+) kb\/s/.exec(text);
    if (rate) summary.bitRate = Number(rate[1]) * 1000;
  }
}

/** One "Stream #0:N: Type: codec ..., ..." line. */
function toStream(index: number, typeName: string, rest: string): StreamSummary {
  const stream: StreamSummary = { index, type: STREAM_TYPES[typeName] ?? 'data' };
  const codec = /^([^\s,]+)/.exec(rest)?.[1];
  if (codec !== undefined && codec !== 'none') stream.codec = codec;
  // ", 1920x1080" and not the codec tag "(avc1 / 0x31637661)".
  const size = /, (\d+)x(\d+)\b/.exec(rest);
  if (size && Number(size[1]) > 0 && Number(size[2]) > 0) {
    stream.width = Number(size[1]);
    stream.height = Number(size[2]);
  }
  const fps = /, (\d+(?:\.\d+)?)(k?) fps\b/.exec(rest);
  if (fps) stream.fps = Math.round(Number(fps[1]) * (fps[2] === 'k' ? 1000 : 1) * 1000) / 1000;
  const bitRate = /, (\d+) kb\/s\b/.exec(rest);
  if (bitRate) stream.bitRate = Number(bitRate[1]) * 1000;
  const audio = /, (\d+) Hz, ([^,]+)/.exec(rest);
  if (audio) {
    stream.sampleRate = Number(audio[1]);
    const layout = audio[2]!.trim();
    const channels = LAYOUT_CHANNELS[layout] ?? Number(/^(\d+) channels\b/.exec(layout)?.[1] ?? NaN);
    if (Number.isFinite(channels) && channels > 0) stream.channels = channels;
  }
  if (/\(attached pic\)/.test(rest)) stream.attachedPicture = true;
  return stream;
}

/** ffmpeg's log levels as `-v level+...` prints them. */
const LEVEL_PREFIX = /^((?:\[[^\]]*\] )?)\[(panic|fatal|error|warning|info|verbose|debug|trace)\] /;

/**
 * Splits a stderr line printed with `-v level+...`: its level and the line as it reads without the
 * level (the "[ctx @ 0x..] " in front stays). Lines without a level (framecrc output) come back whole.
 */
export function splitLevel(line: string): { level: string | undefined; text: string } {
  const match = LEVEL_PREFIX.exec(line);
  if (!match) return { level: undefined, text: line };
  return { level: match[2], text: match[1] + line.slice(match[0].length) };
}
