// Width and height of a JPEG 2000 or JPEG XL image from its first bytes, so the pixel limit
// (verify.max_image_pixels) is enforced before a reference decoder allocates the picture: the
// decoders themselves take whatever size a (possibly hostile) header declares.

/** Declared dimensions, or undefined when the head does not show them. */
export interface CodedSize {
  width: number;
  height: number;
}

const SIZ = Buffer.from([0xff, 0x4f, 0xff, 0x51]);

/** The image size a JPEG 2000 codestream's SIZ marker declares (in a .j2k, or inside a .jp2's codestream box). */
export function jpeg2000Size(head: Buffer): CodedSize | undefined {
  const at = head.indexOf(SIZ);
  if (at < 0 || at + 24 > head.length) return undefined;
  const width = head.readUInt32BE(at + 8) - head.readUInt32BE(at + 16);
  const height = head.readUInt32BE(at + 12) - head.readUInt32BE(at + 20);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/** The image size a JPEG XL SizeHeader declares (bare codestream, or the first `jxlc`/`jxlp` box). */
export function jpegXlSize(head: Buffer): CodedSize | undefined {
  const start = codestreamStart(head);
  if (start === undefined || start + 12 > head.length) return undefined;
  const bits = new BitReader(head, start + 2);
  const small = bits.read(1) === 1;
  const dimension = (): number => (small ? (bits.read(5) + 1) * 8 : bits.read([9, 13, 18, 30][bits.read(2)]!) + 1);
  const height = dimension();
  const ratio = bits.read(3);
  const RATIOS: Array<[number, number]> = [
    [1, 1],
    [12, 10],
    [4, 3],
    [3, 2],
    [16, 9],
    [5, 4],
    [2, 1],
  ];
  const width = ratio === 0 ? dimension() : Math.floor((height * RATIOS[ratio - 1]![0]) / RATIOS[ratio - 1]![1]);
  return { width, height };
}

function codestreamStart(head: Buffer): number | undefined {
  if (head[0] === 0xff && head[1] === 0x0a) return 0;
  for (const box of ['jxlc', 'jxlp']) {
    const at = head.indexOf(box, 0, 'latin1');
    // A jxlp box starts with a 4-byte part index before its share of the codestream.
    const start = at < 0 ? -1 : at + 4 + (box === 'jxlp' ? 4 : 0);
    if (start >= 0 && head[start] === 0xff && head[start + 1] === 0x0a) return start;
  }
  return undefined;
}

/** JPEG XL packs fields least significant bit first. */
class BitReader {
  private bit = 0;
  constructor(
    private readonly bytes: Buffer,
    private readonly offset: number,
  ) {}

  read(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) {
      const byte = this.bytes[this.offset + (this.bit >> 3)] ?? 0;
      value += ((byte >> (this.bit & 7)) & 1) * 2 ** i;
      this.bit++;
    }
    return value;
  }
}
