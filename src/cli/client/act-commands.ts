// Commands that change the daemon's work: recheck, accept, pause, resume.
import { fileLine } from '../../api/file-line.js';
import type { WireVerifyDepth } from '../../api/messages.js';
import { UsageError } from '../args.js';
import { plural } from '../format.js';
import { EXIT, type ClientCommand } from './command.js';
import { FILTER_OPTIONS, FILTER_USAGE, filterFromFlags } from './filter-flags.js';
import { writeJsonLine } from './output.js';
import { PATH_OPTIONS, PATH_USAGE, pathArguments, wirePaths } from './path-args.js';
import { displayText } from '../../fs-path.js';

export const recheckCommand: ClientCommand = {
  name: 'recheck',
  synopsis: 'recheck PATH...',
  summary: 'check files or folders again now (or --verdict V ...; --depth)',
  usage: `mediavigil recheck PATH... [--depth quick|full] | recheck --verdict V [--root DIR] ... [--depth quick|full]
  --depth quick|full   verification depth (default: the daemon's verify.depth)
${PATH_USAGE}
${FILTER_USAGE}`,
  options: { ...FILTER_OPTIONS, ...PATH_OPTIONS, depth: { type: 'string' } },
  async run({ values, positionals, connection, signal, stdout, json }) {
    const depthFlag = values['depth'];
    if (depthFlag !== undefined && depthFlag !== 'quick' && depthFlag !== 'full')
      throw new UsageError(`recheck: --depth ${String(depthFlag)}: use quick or full`);
    const depth: WireVerifyDepth = depthFlag === undefined ? 'VERIFY_DEPTH_UNSPECIFIED' : depthFlag === 'quick' ? 'VERIFY_DEPTH_QUICK' : 'VERIFY_DEPTH_FULL';
    const filter = filterFromFlags('recheck', values);
    const paths = await pathArguments('recheck', positionals, values);
    if (paths.length > 0 && filter !== null) throw new UsageError('recheck: give PATHs or filter flags, not both');
    if (paths.length === 0 && filter === null) throw new UsageError('recheck: give PATHs (files or folders) or a filter such as --verdict corrupt');
    const request = filter === null ? { ...wirePaths(paths), depth } : { filter, depth };
    const { queued_files } = await connection().unary('Recheck', request, signal);
    if (json) writeJsonLine(stdout, { queued: Number(queued_files) });
    else stdout.write(`queued ${plural(Number(queued_files), 'file')} for a new check\n`);
    return EXIT.ok;
  },
};

export const acceptCommand: ClientCommand = {
  name: 'accept',
  synopsis: 'accept PATH... --reason',
  summary: 'accept a change flagged BITROT_SUSPECTED as the new baseline',
  usage: `mediavigil accept PATH... --reason TEXT
  --reason TEXT        why the change is fine (kept in the file's history)
${PATH_USAGE}`,
  options: { ...PATH_OPTIONS, reason: { type: 'string' } },
  async run({ values, positionals, connection, signal, stdout, json }) {
    const reason = typeof values['reason'] === 'string' ? values['reason'].trim() : '';
    const paths = await pathArguments('accept', positionals, values);
    if (paths.length === 0) throw new UsageError('accept: give the PATHs to accept');
    if (reason === '') throw new UsageError('accept: --reason TEXT is required (why the change is fine)');
    const { files } = await connection().unary('Accept', { ...wirePaths(paths), reason }, signal);
    for (const file of files) {
      const line = fileLine(file);
      if (json) writeJsonLine(stdout, line);
      else stdout.write(`${displayText(`accepted ${line.path}: ${line.verdict}, new baseline ${line.hash ?? '-'}`)}\n`);
    }
    return EXIT.ok;
  },
};

export const pauseCommand: ClientCommand = {
  name: 'pause',
  synopsis: 'pause',
  summary: 'hold new work in the queue (files being checked finish)',
  usage: 'mediavigil pause',
  options: {},
  async run({ connection, signal, stdout, json }) {
    const response = await connection().unary('Pause', {}, signal);
    if (json) writeJsonLine(stdout, response);
    else stdout.write('paused: new work waits in the queue until mediavigil resume\n');
    return EXIT.ok;
  },
};

export const resumeCommand: ClientCommand = {
  name: 'resume',
  synopsis: 'resume',
  summary: 'let queued work continue after pause',
  usage: 'mediavigil resume',
  options: {},
  async run({ connection, signal, stdout, json }) {
    const response = await connection().unary('Resume', {}, signal);
    if (json) writeJsonLine(stdout, response);
    else stdout.write('resumed: queued work continues\n');
    return EXIT.ok;
  },
};
