// MPEG audio (mp1/mp2/mp3) frame headers: shared by sniffing and the mp3 length check.

/** One parsed 4-byte frame header. */
export interface MpegAudioHeader {
  /** Bytes of the whole frame, header included. */
  length: number;
  /** 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5 (the header's own code). */
  version: number;
  layer: 1 | 2 | 3;
  sampleRate: number;
  mono: boolean;
  /** Audio samples per channel the frame decodes to. */
  samples: number;
}

const MPEG1_RATES = [44100, 48000, 32000];
const BITRATES: Record<string, number[]> = {
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};

/** The frame header at `at`, or undefined when the bytes there are not one (free format is not supported). */
export function mpegAudioHeader(b: Buffer, at: number): MpegAudioHeader | undefined {
  if (at < 0 || at + 4 > b.length) return undefined;
  const h = b.readUInt32BE(at);
  if (h >>> 21 !== 0x7ff) return undefined;
  const version = (h >>> 19) & 3;
  const layerCode = (h >>> 17) & 3;
  const bitrateIndex = (h >>> 12) & 15;
  const rateIndex = (h >>> 10) & 3;
  if (version === 1 || layerCode === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const layer = (4 - layerCode) as 1 | 2 | 3;
  const kbps = BITRATES[version === 3 ? `1-${layer}` : `2-${layer === 1 ? 1 : 2}`]?.[bitrateIndex] ?? 0;
  const sampleRate = (MPEG1_RATES[rateIndex] ?? 0) / (version === 3 ? 1 : version === 2 ? 2 : 4);
  const padding = (h >>> 9) & 1;
  const mono = ((h >>> 6) & 3) === 3;
  if (layer === 1) return { length: (Math.floor((12 * kbps * 1000) / sampleRate) + padding) * 4, version, layer, sampleRate, mono, samples: 384 };
  const lowRate = layer === 3 && version !== 3;
  const length = Math.floor(((lowRate ? 72 : 144) * kbps * 1000) / sampleRate) + padding;
  return { length, version, layer, sampleRate, mono, samples: lowRate ? 576 : 1152 };
}

/** Where the Xing/Info tag sits in a layer III frame: after the header and the side information. */
export function xingOffset(header: MpegAudioHeader): number {
  if (header.version === 3) return 4 + (header.mono ? 17 : 32);
  return 4 + (header.mono ? 9 : 17);
}
