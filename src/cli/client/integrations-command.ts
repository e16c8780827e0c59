// `mediavigil replace PATH... [--dry-run]`: what was (or would be) asked of which *arr per file;
// `mediavigil integrations test`: each configured service's name and version, exit 1 if any failed.
import { pathFromWire } from '../../api/file-line.js';
import { displayText } from '../../fs-path.js';
import { UsageError } from '../args.js';
import { EXIT, type ClientCommand } from './command.js';
import { writeJsonLine } from './output.js';
import { pathArguments, PATH_OPTIONS, PATH_USAGE, wirePaths } from './path-args.js';

export const replaceCommand: ClientCommand = {
  name: 'replace',
  synopsis: 'replace PATH... [--dry-run]',
  summary: 'have Sonarr/Radarr/Lidarr replace CORRUPT files (or say what it would ask)',
  usage: `mediavigil replace PATH... [--dry-run]
  --dry-run            only say what would be asked (also the case while integrations.replace is false)
${PATH_USAGE}
Prints per file what was (or would be) asked of which *arr; exits 1 if any could not be asked.`,
  options: { ...PATH_OPTIONS, 'dry-run': { type: 'boolean' } },
  async run({ values, positionals, connection, signal, stdout, json }) {
    const paths = await pathArguments('replace', positionals, values);
    if (paths.length === 0) throw new UsageError('replace: give the CORRUPT files to replace');
    const { results } = await connection().unary('Replace', { ...wirePaths(paths), dry_run: values['dry-run'] === true }, signal);
    for (const result of results) {
      const path = pathFromWire(result.path, result.raw_path);
      if (json) {
        writeJsonLine(stdout, {
          path,
          action: result.action,
          dry_run: result.dry_run,
          service: result.service || null,
          item: result.item || null,
          file_id: result.file_id || null,
          their_path: result.their_path || null,
          attempt: result.attempt || null,
          reason: result.reason || null,
        });
        continue;
      }
      const where = result.service ? ` ${result.service}: ${result.item} (file ${result.file_id}, ${result.their_path})` : '';
      const text: Record<string, string> = {
        'would-replace': `would ask${where} to delete it and search again (dry run)`,
        requested: `asked${where} to delete it and search again (attempt ${result.attempt})`,
        deferred: `deferred${where}: ${result.reason}`,
        skipped: `skipped: ${result.reason}`,
        failed: `FAILED: ${result.reason}`,
      };
      stdout.write(`${displayText(`${path}: ${text[result.action] ?? result.action}`)}\n`);
    }
    return results.some((result) => result.action === 'failed') ? EXIT.attention : EXIT.ok;
  },
};

export const integrationsCommand: ClientCommand = {
  name: 'integrations',
  synopsis: 'integrations test',
  summary: 'reach every *arr and media server; print its name and version',
  usage: `mediavigil integrations test
Reaches each configured Sonarr, Radarr, Lidarr, Jellyfin and Plex with its key and prints its name and
version; exits 1 if any failed.`,
  options: {},
  async run({ positionals, connection, signal, stdout, json }) {
    const [action, ...rest] = positionals;
    if (action !== 'test' || rest.length > 0) throw new UsageError('integrations: use `mediavigil integrations test`');
    const { results } = await connection().unary('TestIntegrations', {}, signal);
    if (results.length === 0 && !json) stdout.write('no integrations are configured (integrations.sonarr, radarr, lidarr, jellyfin, plex)\n');
    for (const result of results) {
      if (json)
        writeJsonLine(stdout, {
          service: result.service,
          kind: result.kind,
          ok: result.ok,
          name: result.name || null,
          version: result.version || null,
          error: result.error || null,
        });
      else
        stdout.write(
          result.ok
            ? `ok     ${result.service} (${result.kind}): ${result.name} ${result.version}\n`
            : `FAILED ${result.service} (${result.kind}): ${result.error}\n`,
        );
    }
    return results.every((result) => result.ok) ? EXIT.ok : EXIT.attention;
  },
};
