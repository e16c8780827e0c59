// One error for everything wrong with the configuration, so the user sees every problem at once.
import { MvError } from '../errors.js';

/** MvError `MV_ERR_CONFIG` listing every problem found, each as `<path>: <what is expected>`. */
export class ConfigError extends MvError {
  readonly problems: string[];

  /**
   * `file` prefixes each line of the message, like a compiler's `file: problem`; problems about a
   * flag (`--root /x: ...`) do not come from the file and are left unprefixed.
   */
  constructor(problems: string[], options: { file?: string } = {}) {
    const { file } = options;
    super('MV_ERR_CONFIG', problems.map((p) => (file !== undefined && !p.startsWith('--') ? `${file}: ${p}` : p)).join('\n'));
    this.name = 'ConfigError';
    this.problems = [...problems];
  }
}
