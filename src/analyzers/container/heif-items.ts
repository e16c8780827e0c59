// The HEVC pictures of a HEIF file (a phone's HEIC): which items make the primary image (itself,
// or the tiles of a grid), where their bytes are (iloc extents) and their decoder configuration
// (hvcC: parameter sets and NAL length size). Only the box structure is read, from our descriptor;
// anything this does not understand (idat data, other codecs) yields no items, never an issue.
import { readSlice } from '../file/fd-read.js';

/** One HEVC-coded item of the primary image. */
export interface HevcItem {
  id: number;
  /** VPS, SPS, PPS (and SEI) NAL units from hvcC, without length prefixes. */
  parameterSets: Buffer[];
  /** Bytes of each NAL length prefix in the item data (1, 2 or 4). */
  lengthSize: number;
  /** File offsets and lengths of the item's data. */
  extents: Array<{ offset: number; length: number }>;
}

/** The meta box is near the start; more than this is not a photo's metadata. */
const MAX_META_BYTES = 4 * 1024 * 1024;

/** The HEVC items that make up the primary image of the HEIF file behind `fd`, in grid order. */
export async function primaryHevcItems(fd: number, size: number): Promise<HevcItem[]> {
  const meta = await findTopLevelBox(fd, size, 'meta');
  if (!meta || meta.length > MAX_META_BYTES) return [];
  const body = await readSlice(fd, meta.offset, meta.length);
  const children = boxesIn(body, 4); // meta is a full box
  const child = (type: string): Buffer | undefined => children.find((b) => b.type === type)?.data;
  const pitm = child('pitm');
  const iinf = child('iinf');
  const iloc = child('iloc');
  const iprp = child('iprp');
  if (!pitm || !iinf || !iloc || !iprp) return [];
  const primary = pitm[0] === 0 ? pitm.readUInt16BE(4) : pitm.readUInt32BE(4);
  const types = itemTypes(iinf);
  let ids = [primary];
  if (types.get(primary) === 'grid') ids = gridTiles(child('iref'), primary);
  if (ids.length === 0 || ids.some((id) => types.get(id) !== 'hvc1')) return [];
  const locations = itemLocations(iloc);
  const configs = hvcConfigs(iprp);
  const items: HevcItem[] = [];
  for (const id of ids) {
    const extents = locations.get(id);
    const config = configs.get(id);
    if (!extents || !config) return [];
    items.push({ id, ...config, extents });
  }
  return items;
}

interface Box {
  type: string;
  data: Buffer;
}

async function findTopLevelBox(fd: number, size: number, wanted: string): Promise<{ offset: number; length: number } | undefined> {
  let at = 0;
  for (let guard = 0; at + 8 <= size && guard < 64; guard++) {
    const head = await readSlice(fd, at, 16);
    let length = head.readUInt32BE(0);
    let header = 8;
    if (length === 1 && head.length >= 16) {
      length = Number(head.readBigUInt64BE(8));
      header = 16;
    } else if (length === 0) {
      length = size - at;
    }
    if (length < header) return undefined;
    if (head.toString('latin1', 4, 8) === wanted) return { offset: at + header, length: Math.min(length, size - at) - header };
    at += length;
  }
  return undefined;
}

function boxesIn(b: Buffer, start: number): Box[] {
  const boxes: Box[] = [];
  for (let at = start; at + 8 <= b.length; ) {
    const length = b.readUInt32BE(at);
    if (length < 8 || at + length > b.length) break;
    boxes.push({ type: b.toString('latin1', at + 4, at + 8), data: b.subarray(at + 8, at + length) });
    at += length;
  }
  return boxes;
}

/** item_ID -> item_type from the infe entries (versions 2 and 3 carry a type). */
function itemTypes(iinf: Buffer): Map<number, string> {
  const types = new Map<number, string>();
  const first = iinf[0] === 0 ? 6 : 8;
  for (const infe of boxesIn(iinf, first).filter((b) => b.type === 'infe')) {
    const version = infe.data[0]!;
    if (version < 2) continue;
    const id = version === 2 ? infe.data.readUInt16BE(4) : infe.data.readUInt32BE(4);
    const typeAt = version === 2 ? 8 : 10;
    types.set(id, infe.data.toString('latin1', typeAt, typeAt + 4));
  }
  return types;
}

/** The tiles of a grid item: its `dimg` references, in order. */
function gridTiles(iref: Buffer | undefined, grid: number): number[] {
  if (!iref) return [];
  const wide = iref[0] !== 0;
  for (const ref of boxesIn(iref, 4).filter((b) => b.type === 'dimg')) {
    const read = (at: number): number => (wide ? ref.data.readUInt32BE(at) : ref.data.readUInt16BE(at));
    const size = wide ? 4 : 2;
    if (read(0) !== grid) continue;
    const count = ref.data.readUInt16BE(size);
    return Array.from({ length: count }, (_, i) => read(size + 2 + i * size));
  }
  return [];
}

/** item_ID -> file extents (construction method 0 only: data in the file, not in idat). */
function itemLocations(iloc: Buffer): Map<number, Array<{ offset: number; length: number }>> {
  const out = new Map<number, Array<{ offset: number; length: number }>>();
  const version = iloc[0]!;
  const offsetSize = iloc[4]! >> 4;
  const lengthSize = iloc[4]! & 15;
  const baseSize = iloc[5]! >> 4;
  const indexSize = version >= 1 ? iloc[5]! & 15 : 0;
  let at = 6;
  const read = (bytes: number): number => {
    let value = 0;
    for (let i = 0; i < bytes; i++) value = value * 256 + iloc[at + i]!;
    at += bytes;
    return value;
  };
  const count = read(version < 2 ? 2 : 4);
  for (let i = 0; i < count && at < iloc.length; i++) {
    const id = read(version < 2 ? 2 : 4);
    const method = version >= 1 ? read(2) & 15 : 0;
    read(2); // data_reference_index
    const base = read(baseSize);
    const extents: Array<{ offset: number; length: number }> = [];
    const extentCount = read(2);
    for (let e = 0; e < extentCount; e++) {
      read(indexSize);
      const offset = read(offsetSize);
      extents.push({ offset: base + offset, length: read(lengthSize) });
    }
    if (method === 0) out.set(id, extents);
  }
  return out;
}

/** item_ID -> its hvcC configuration, through ipma's associations with ipco's properties. */
function hvcConfigs(iprp: Buffer): Map<number, { parameterSets: Buffer[]; lengthSize: number }> {
  const children = boxesIn(iprp, 0);
  const properties = boxesIn(children.find((b) => b.type === 'ipco')?.data ?? Buffer.alloc(0), 0);
  const out = new Map<number, { parameterSets: Buffer[]; lengthSize: number }>();
  for (const ipma of children.filter((b) => b.type === 'ipma')) {
    const version = ipma.data[0]!;
    const wideIndex = (ipma.data[3]! & 1) === 1;
    let at = 4;
    const entries = ipma.data.readUInt32BE(at);
    at += 4;
    for (let i = 0; i < entries && at < ipma.data.length; i++) {
      const id = version < 1 ? ipma.data.readUInt16BE(at) : ipma.data.readUInt32BE(at);
      at += version < 1 ? 2 : 4;
      const associations = ipma.data[at++]!;
      for (let a = 0; a < associations; a++) {
        const index = wideIndex ? ipma.data.readUInt16BE(at) & 0x7fff : ipma.data[at]! & 0x7f;
        at += wideIndex ? 2 : 1;
        const property = properties[index - 1];
        if (property?.type === 'hvcC') {
          const config = parseHvcC(property.data);
          if (config) out.set(id, config);
        }
      }
    }
  }
  return out;
}

function parseHvcC(b: Buffer): { parameterSets: Buffer[]; lengthSize: number } | undefined {
  if (b.length < 23) return undefined;
  const lengthSize = (b[21]! & 3) + 1;
  const parameterSets: Buffer[] = [];
  let at = 23;
  for (let array = 0; array < b[22]!; array++) {
    const count = b.readUInt16BE(at + 1);
    at += 3;
    for (let n = 0; n < count; n++) {
      const length = b.readUInt16BE(at);
      parameterSets.push(b.subarray(at + 2, at + 2 + length));
      at += 2 + length;
    }
  }
  return lengthSize === 3 ? undefined : { parameterSets, lengthSize };
}
