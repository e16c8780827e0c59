// The ignore rules in force: the config file's plus those added by RPC (kept in the catalog's typed
// meta), compiled and handed to the pipeline whenever either changes.
import type { MetaStore } from '../catalog/catalog.js';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { compileIgnoreRules, type CompiledIgnoreRule, type IgnoreRule } from '../verdict/ignore-rules.js';

/** Where the rules come from and where the compiled set goes. */
export interface IgnoreRuleSetOptions {
  meta: Pick<MetaStore, 'ignoreRules' | 'saveIgnoreRules'>;
  /** The config file's rules (they change on reload). */
  configured: () => readonly IgnoreRule[];
  /** Takes the compiled rules (the pipeline applies them to results from now on). */
  use: (rules: readonly CompiledIgnoreRule[]) => void;
  log: Logger;
}

/** The stored rules, and the compiled set of both kinds kept current. */
export class IgnoreRuleSet {
  constructor(private readonly options: IgnoreRuleSetOptions) {}

  /** Ignore rules stored by RPC, which join the config file's. */
  stored(): IgnoreRule[] {
    return this.options.meta.ignoreRules();
  }

  /** Replaces the stored rules and applies the new set. */
  async save(rules: IgnoreRule[]): Promise<void> {
    await this.options.meta.saveIgnoreRules(rules);
    this.apply();
  }

  /** Compiles both kinds and hands them on; a rule that does not compile is logged and left out. */
  apply(): void {
    try {
      const skip = (rule: IgnoreRule, reason: string): void => {
        this.options.log.error(
          { rule: rule.id },
          `${reason}; the rule is skipped (delete it with \`mediavigil ignore remove ${rule.id}\` and add it again in RE2 syntax)`,
        );
      };
      this.options.use(compileIgnoreRules([...this.options.configured(), ...this.stored()], skip));
    } catch (error) {
      this.options.log.error({ error: messageOf(error) }, `ignore rules not applied: ${messageOf(error)}`);
    }
  }
}
