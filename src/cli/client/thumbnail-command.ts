// `mediavigil thumbnail PATH -o FILE`: the daemon's WebP thumbnail of an image or video, to a file.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { WireGetThumbnailResponse } from '../../api/wire.js';
import { MvError, messageOf } from '../../errors.js';
import { UsageError } from '../args.js';
import { formatBytes } from '../format.js';
import { EXIT, type ClientCommand } from './command.js';
import { writeJsonLine, writeOut } from './output.js';

export const thumbnailCommand: ClientCommand = {
  name: 'thumbnail',
  synopsis: 'thumbnail PATH -o FILE',
  summary: 'a WebP thumbnail of an image or video (thumbnails.enabled)',
  usage: `mediavigil thumbnail PATH -o FILE.webp [--json]
  -o, --output FILE    where to write the WebP picture; - writes it to stdout (and the summary to stderr)`,
  options: { output: { type: 'string', short: 'o' } },
  async run({ positionals, values, connection, signal, stdout, stderr, json }) {
    if (positionals.length !== 1) throw new UsageError('thumbnail: give exactly one PATH');
    const output = values['output'];
    if (typeof output !== 'string' || output === '') throw new UsageError('thumbnail: -o FILE is required (-o - writes to stdout)');
    const path = resolve(positionals[0] as string);
    const { data, mime_type: mimeType } = await connection().unary<WireGetThumbnailResponse>('GetThumbnail', { path }, signal);
    const target = output === '-' ? '-' : resolve(output);
    if (target === '-') {
      await writeOut(stdout, data);
    } else {
      try {
        await writeFile(target, data);
      } catch (error) {
        throw new MvError('MV_ERR_OUTPUT', `cannot write ${target}: ${messageOf(error)}; choose another -o FILE`);
      }
    }
    const summaryTo = target === '-' ? stderr : stdout;
    if (json) writeJsonLine(summaryTo, { path, output: target, bytes: data.length, mimeType });
    else stderr.write(`${path}: ${formatBytes(data.length)} ${mimeType} written to ${target === '-' ? 'stdout' : target}\n`);
    return EXIT.ok;
  },
};
