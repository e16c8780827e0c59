// --verdict / --root / --kind / --prefix -> a FileFilter message; shared by files, recheck, export.
import { resolve } from 'node:path';
import { VERDICTS } from '../../types.js';
import type { WireFileFilterRequest, WireMediaKind, WireVerdict } from '../../api/messages.js';
import { UsageError } from '../args.js';
import { METADATA_OPTIONS, METADATA_USAGE, metadataFromFlags } from './metadata-flags.js';

export const FILTER_OPTIONS = {
  verdict: { type: 'string', multiple: true },
  root: { type: 'string' },
  kind: { type: 'string', multiple: true },
  prefix: { type: 'string' },
  ...METADATA_OPTIONS,
} as const;

export const FILTER_USAGE = `Filters (all given must match):
  --verdict V          ok, warning, corrupt, unreadable, unchecked; repeat or comma-separate for several
  --root DIR           only files of this configured root
  --kind K             video, audio, image, subtitle, other; repeat or comma-separate
  --prefix PATH        only paths starting with PATH (made absolute)
${METADATA_USAGE}`;

/** The values of --kind. */
export const KINDS = ['video', 'audio', 'image', 'subtitle', 'other'];

type Values = Record<string, string | boolean | string[] | undefined>;

/** Every value of a repeatable, comma-separable flag. */
export function listFlag(values: Values, name: string): string[] {
  const raw = values[name];
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  return list
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The filter, or null when no filter flag was given. */
export function filterFromFlags(command: string, values: Values): WireFileFilterRequest | null {
  const verdicts = listFlag(values, 'verdict').map((text): WireVerdict => {
    const verdict = VERDICTS.find((candidate) => candidate === text.toUpperCase());
    if (verdict === undefined) throw new UsageError(`${command}: --verdict ${text}: use ${VERDICTS.map((v) => v.toLowerCase()).join(', ')}`);
    return `VERDICT_${verdict}`;
  });
  const kinds = listFlag(values, 'kind').map((text): WireMediaKind => {
    if (!KINDS.includes(text.toLowerCase())) throw new UsageError(`${command}: --kind ${text}: use ${KINDS.join(', ')}`);
    return `MEDIA_KIND_${text.toUpperCase()}` as WireMediaKind;
  });
  const root = typeof values['root'] === 'string' ? resolve(values['root']) : '';
  const prefixFlag = values['prefix'];
  // Keep a trailing slash: "/srv/media/Films/" must not match "/srv/media/Films 2".
  const prefix = typeof prefixFlag === 'string' ? resolve(prefixFlag) + (prefixFlag.endsWith('/') && prefixFlag !== '/' ? '/' : '') : '';
  const metadata = metadataFromFlags(command, values);
  if (verdicts.length === 0 && kinds.length === 0 && root === '' && prefix === '' && Object.keys(metadata).length === 0) return null;
  return { root, path_prefix: prefix, verdicts, kinds, ...metadata };
}
