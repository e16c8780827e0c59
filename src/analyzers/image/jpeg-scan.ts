// Walks the entropy-coded data of a baseline (Huffman, sequential) JPEG without decoding pixels:
// Huffman codes and coefficient sizes only, MCU by MCU, to learn where the data the frame needs
// ends. A valid file's scan ends there (plus at most one byte of padding bits); libjpeg does not
// always say so when it does not, and zeroed data that decodes as flat blocks leaves exactly that
// trace: the MCUs run out while data is left over.

/** What the walk found: where the MCUs ended and where the scan's data ended. */
export interface ScanWalk {
  /** Byte offset of the first byte after the last MCU's bits. */
  mcusEnd: number;
  /** Byte offset of the marker that ends the scan (EOI, or the next segment). */
  dataEnd: number;
  /** Start of the entropy-coded data. */
  dataStart: number;
}

interface Component {
  id: number;
  h: number;
  v: number;
  dc?: Huffman;
  ac?: Huffman;
}

/** A canonical Huffman table as JPEG stores it: counts per code length and the symbols. */
interface Huffman {
  maxCode: Int32Array;
  valPtr: Int32Array;
  minCode: Int32Array;
  values: Uint8Array;
}

/**
 * Walks the first scan of a baseline or extended sequential Huffman JPEG in `data`. Undefined when
 * the file is anything else (progressive, arithmetic, lossless, several scans), or when its codes
 * are invalid (the decoders judge that damage themselves).
 */
export function walkJpegScan(data: Buffer): ScanWalk | undefined {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  const dcTables: (Huffman | undefined)[] = [];
  const acTables: (Huffman | undefined)[] = [];
  let components: Component[] = [];
  let width = 0;
  let height = 0;
  let restart = 0;
  let at = 2;
  while (at + 4 <= data.length) {
    if (data[at] !== 0xff) return undefined;
    const marker = data[at + 1]!;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (marker === 0xd9) return undefined;
    const length = data.readUInt16BE(at + 2);
    const body = at + 4;
    const end = at + 2 + length;
    if (length < 2 || end > data.length) return undefined;
    if (marker === 0xc0 || marker === 0xc1) {
      if (data[body] !== 8) return undefined;
      height = data.readUInt16BE(body + 1);
      width = data.readUInt16BE(body + 3);
      const count = data[body + 5]!;
      components = [];
      for (let i = 0; i < count; i++) {
        const c = body + 6 + i * 3;
        components.push({ id: data[c]!, h: data[c + 1]! >> 4, v: data[c + 1]! & 15 });
      }
    } else if (marker !== 0xc4 && ((marker >= 0xc2 && marker <= 0xcb) || (marker >= 0xcd && marker <= 0xcf))) {
      return undefined; // progressive, lossless, hierarchical or arithmetic coding
    } else if (marker === 0xc4) {
      let p = body;
      while (p < end) {
        const klass = data[p]! >> 4;
        const id = data[p]! & 15;
        const counts = data.subarray(p + 1, p + 17);
        const total = counts.reduce((a, b) => a + b, 0);
        const table = buildHuffman(counts, data.subarray(p + 17, p + 17 + total));
        if (!table) return undefined;
        (klass === 0 ? dcTables : acTables)[id] = table;
        p += 17 + total;
      }
    } else if (marker === 0xdd) {
      restart = data.readUInt16BE(body);
    } else if (marker === 0xda) {
      if (!width || !height || components.length === 0) return undefined;
      const count = data[body]!;
      if (count !== components.length) return undefined; // a non-interleaved first scan: not walked
      for (let i = 0; i < count; i++) {
        const component = components.find((c) => c.id === data[body + 1 + i * 2]);
        if (!component) return undefined;
        const tables = data[body + 2 + i * 2]!;
        component.dc = dcTables[tables >> 4];
        component.ac = acTables[tables & 15];
        if (!component.dc || !component.ac) return undefined;
      }
      return walkMcus(data, end, components, width, height, restart);
    }
    at = end;
  }
  return undefined;
}

function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman | undefined {
  if (counts.length !== 16) return undefined;
  const maxCode = new Int32Array(18).fill(-1);
  const minCode = new Int32Array(17);
  const valPtr = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    valPtr[len] = k;
    minCode[len] = code;
    code += counts[len - 1]!;
    k += counts[len - 1]!;
    maxCode[len] = counts[len - 1] ? code - 1 : -1;
    code <<= 1;
  }
  maxCode[17] = 0x7fffffff;
  return k === values.length ? { maxCode, minCode, valPtr, values } : undefined;
}

/** A bit reader over entropy-coded data: skips stuffed zero bytes, stops at a marker. */
class Bits {
  private byte = 0;
  private left = 0;
  /** Set when a marker (not a stuffed 0xFF00) was reached: no more data. */
  atMarker = false;
  constructor(
    private readonly data: Buffer,
    public at: number,
  ) {}

  bit(): number {
    if (this.left === 0) {
      if (this.at >= this.data.length) {
        this.atMarker = true;
        return 1;
      }
      const b = this.data[this.at]!;
      if (b === 0xff) {
        const next = this.data[this.at + 1];
        if (next !== 0x00) {
          this.atMarker = true;
          return 1;
        } // libjpeg pads with 1 bits at a marker
        this.at += 2;
      } else {
        this.at += 1;
      }
      this.byte = b;
      this.left = 8;
    }
    this.left -= 1;
    return (this.byte >> this.left) & 1;
  }

  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | this.bit();
    return v;
  }

  /** Drops the bits left in the current byte (restart intervals and the scan end on a byte boundary). */
  align(): void {
    this.left = 0;
  }
}

function decode(bits: Bits, table: Huffman): number | undefined {
  let code = 0;
  for (let len = 1; len <= 16; len++) {
    code = (code << 1) | bits.bit();
    if (code <= table.maxCode[len]!) return table.values[table.valPtr[len]! + code - table.minCode[len]!];
  }
  return undefined;
}

function walkMcus(data: Buffer, start: number, components: Component[], width: number, height: number, restart: number): ScanWalk | undefined {
  const hMax = Math.max(...components.map((c) => c.h));
  const vMax = Math.max(...components.map((c) => c.v));
  // One component in the frame: its MCU is one 8x8 block, whatever its sampling factors.
  const single = components.length === 1;
  const mcuW = single ? 8 : 8 * hMax;
  const mcuH = single ? 8 : 8 * vMax;
  const total = Math.ceil(width / mcuW) * Math.ceil(height / mcuH);
  const bits = new Bits(data, start);
  for (let mcu = 0; mcu < total; mcu++) {
    if (restart > 0 && mcu > 0 && mcu % restart === 0) {
      bits.align();
      if (data[bits.at] !== 0xff || (data[bits.at + 1]! & 0xf8) !== 0xd0) return undefined;
      bits.at += 2;
      bits.atMarker = false;
    }
    for (const c of components) {
      const blocks = single ? 1 : c.h * c.v;
      for (let b = 0; b < blocks; b++) if (!block(bits, c)) return undefined;
    }
    if (bits.atMarker) return undefined; // the data stopped before the MCUs did: truncation, judged elsewhere
  }
  bits.align();
  const mcusEnd = bits.at;
  let dataEnd = mcusEnd;
  while (dataEnd + 1 < data.length && !(data[dataEnd] === 0xff && data[dataEnd + 1] !== 0x00 && !(data[dataEnd + 1]! >= 0xd0 && data[dataEnd + 1]! <= 0xd7)))
    dataEnd += 1;
  return { mcusEnd, dataEnd: Math.min(dataEnd, data.length), dataStart: start };
}

function block(bits: Bits, c: Component): boolean {
  const dc = decode(bits, c.dc!);
  if (dc === undefined || dc > 11) return false;
  bits.bits(dc);
  for (let k = 1; k < 64; ) {
    const rs = decode(bits, c.ac!);
    if (rs === undefined) return false;
    const run = rs >> 4;
    const size = rs & 15;
    if (size === 0) {
      if (run !== 15) break;
      k += 16;
      continue;
    }
    k += run;
    bits.bits(size);
    k += 1;
  }
  return true;
}
