// `mediavigil thumbnail PATH -o FILE`: the daemon's WebP thumbnail of an image or video, to a file.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MvError, messageOf } from '../../errors.js';
import { UsageError } from '../args.js';
import { formatBytes } from '../format.js';
import { EXIT, type ClientCommand } from './command.js';
import { writeJsonLine, writeOut } from './output.js';
import { PATH_OPTIONS, PATH_USAGE, pathArguments, wirePath } from './path-args.js';
import { displayText } from '../../fs-path.js';

export const thumbnailCommand: ClientCommand = {
  name: 'thumbnail',
  synopsis: 'thumbnail PATH -o FILE',
  summary: 'a WebP thumbnail of an image or video (thumbnails.enabled)',
  usage: `mediavigil thumbnail PATH -o FILE.webp [--json]
  -o, --output FILE    where to write the WebP picture; - writes it to stdout (and the summary to stderr)
${PATH_USAGE}`,
  options: { ...PATH_OPTIONS, output: { type: 'string', short: 'o' } },
  async run({ positionals, values, connection, signal, stdout, stderr, json }) {
    const output = values['output'];
    if (typeof output !== 'string' || output === '') throw new UsageError('thumbnail: -o FILE is required (-o - writes to stdout)');
    const paths = await pathArguments('thumbnail', positionals, values);
    if (paths.length !== 1) throw new UsageError('thumbnail: give exactly one PATH (or one --path-hex HEX, or one path on stdin with -0)');
    const path = paths[0] as string;
    const { data, mime_type: mimeType } = await connection().unary('GetThumbnail', wirePath(path), signal);
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
    else stderr.write(`${displayText(`${path}: ${formatBytes(data.length)} ${mimeType} written to ${target === '-' ? 'stdout' : target}`)}\n`);
    return EXIT.ok;
  },
};
