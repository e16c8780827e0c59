// The integrations as one part of the daemon: the *arrs (replacement), Jellyfin and Plex (refresh
// after a restore or replacement), their health, the import webhook and the tests of
// `mediavigil integrations test`. Keys are read from their files at start (a bad file stops the
// start, like any config mistake) and never logged.
import path from 'node:path';
import type { Catalog } from '../../catalog/catalog.js';
import { MvError, messageOf } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { CatalogEvent } from '../../types.js';
import { ArrClient } from './arr-client.js';
import { ARR_KINDS } from './arr-flavors.js';
import type { HttpTarget } from './http-call.js';
import { hasToken, parseImport, type WebhookAnswer, type WebhookRequest } from './import-webhook.js';
import { type IntegrationKeys, type IntegrationsConfig, readIntegrationKeys } from './integration-keys.js';
import { JellyfinServer, jellyfinAuthorization, PlexServer, type MediaServer } from './media-servers.js';
import { PathMap } from './path-map.js';
import type { ArrService } from './owner-lookup.js';
import { Replacer, type ReplaceOutcome } from './replacer.js';
import { HealthBoard, type CallObserver, type ServiceHealth, type ServiceKind } from './service-health.js';

export type { IntegrationKeys, IntegrationsConfig } from './integration-keys.js';
export { readIntegrationKeys } from './integration-keys.js';

/** What `mediavigil integrations test` prints per service. */
export interface ServiceTest {
  service: string;
  kind: ServiceKind;
  ok: boolean;
  name?: string;
  version?: string;
  error?: string;
}

/** What the integrations report to (metrics). */
export interface IntegrationObserver {
  call: CallObserver;
  replacement(result: 'would' | 'requested' | 'verified' | 'failed' | 'blocklisted'): void;
}

/** What the integrations work with. */
export interface IntegrationParts {
  settings: IntegrationsConfig;
  catalog: Pick<Catalog, 'subscribe' | 'get' | 'recordEvent' | 'meta'>;
  rootAvailable: (path: string) => boolean;
  /** Queues a full-depth check at the highest priority; false for a path outside the roots. */
  checkNow: (path: string) => Promise<boolean>;
  log: Logger;
  observer?: IntegrationObserver;
  /** Pauses between attempts to tell a media server (tests shorten them). */
  refreshRetryMs?: readonly number[];
}

const REFRESH_RETRY_MS = [30_000, 120_000, 600_000, 1_800_000];
// file-renamed: a download with the bytes of a file that went missing is recognised as that file, moved.
const CHECKED_EVENTS: ReadonlySet<string> = new Set(['file-added', 'file-changed', 'verdict-changed', 'file-renamed']);

/** One media server and its path map. */
interface MediaService {
  server: MediaServer;
  paths: PathMap;
}

export class Integrations {
  private readonly replacer: Replacer;
  private readonly timers = new Set<NodeJS.Timeout>();
  private unsubscribe: (() => void) | undefined;
  private poller: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  private constructor(
    private readonly parts: IntegrationParts,
    private readonly arrs: ArrService[],
    private readonly servers: MediaService[],
    private readonly health: HealthBoard,
    private readonly webhookToken: string | undefined,
  ) {
    const { settings, catalog, log, observer } = parts;
    this.replacer = new Replacer({
      arrs,
      settings: () => settings,
      store: { load: () => catalog.meta.replaceState(), save: (state) => catalog.meta.saveReplaceState(state) },
      verdictOf: (path) => catalog.get(path)?.verdict,
      checkedFully: (path) => catalog.get(path)?.depth === 'full',
      rootAvailable: parts.rootAvailable,
      checkNow: async (path) => void (await parts.checkNow(path)),
      event: async (type, path, detail) => void (await catalog.recordEvent({ type, path, detail })),
      replaced: (path) => this.refresh(path),
      ...(observer && { counted: (result) => observer.replacement(result) }),
      log: log.child({ part: 'replace' }),
    });
  }

  /** Builds the clients with the keys read by readIntegrationKeys (read now when not given). */
  static async create(parts: IntegrationParts, given?: IntegrationKeys): Promise<Integrations> {
    const { settings } = parts;
    const keys = given ?? (await readIntegrationKeys(settings));
    const health = new HealthBoard(parts.observer?.call);
    const used = new Set<string>();
    const arrs: ArrService[] = [];
    for (const kind of ARR_KINDS) {
      settings[kind].forEach((entry, index) => {
        const name = uniqueName(entry.name ?? kind, used);
        const headers = { 'X-Api-Key': keys[kind][index] as string };
        arrs.push({
          client: new ArrClient(kind, target(name, entry.url, headers, entry.timeoutSeconds, health.add(name, kind))),
          paths: new PathMap(entry.pathMap),
        });
      });
    }
    const servers: MediaService[] = [];
    settings.jellyfin.forEach((entry, index) => {
      const name = uniqueName(entry.name ?? 'jellyfin', used);
      const headers = { Authorization: jellyfinAuthorization(keys.jellyfin[index] as string) };
      servers.push({
        server: new JellyfinServer(target(name, entry.url, headers, entry.timeoutSeconds, health.add(name, 'jellyfin'))),
        paths: new PathMap(entry.pathMap),
      });
    });
    settings.plex.forEach((entry, index) => {
      const name = uniqueName(entry.name ?? 'plex', used);
      const headers = { 'X-Plex-Token': keys.plex[index] as string };
      servers.push({
        server: new PlexServer(target(name, entry.url, headers, entry.timeoutSeconds, health.add(name, 'plex'))),
        paths: new PathMap(entry.pathMap),
      });
    });
    return new Integrations(parts, arrs, servers, health, keys.webhookToken);
  }

  /** True when anything is configured (else the daemon need not start this part). */
  get configured(): boolean {
    return this.arrs.length > 0 || this.servers.length > 0 || this.webhookToken !== undefined;
  }

  /** Follows the catalog's events and starts the poll. */
  start(): void {
    this.unsubscribe = this.parts.catalog.subscribe((event) => this.onEvent(event));
    this.poller = setInterval(() => void this.poll(), this.parts.settings.pollSeconds * 1000);
    this.poller.unref();
    if (!this.parts.settings.replace && this.arrs.length > 0) {
      this.parts.log.info(
        { arrs: this.arrs.map((arr) => arr.client.name) },
        'integrations: replace is false, so CORRUPT files are only reported (dry run); set integrations.replace: true to have the *arr replace them',
      );
    }
  }

  /** Stops following and polling; waits for a poll in progress. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    clearInterval(this.poller);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.polling;
    // Every call it may be making is bounded by the service's timeout; its last write must land before the catalog closes.
    await this.replacer.idle();
  }

  /** One poll now: pending replacements, deferred files, and services that were down are asked again. */
  poll(): Promise<void> {
    this.polling ??= (async () => {
      try {
        for (const arr of this.arrs) if (this.health.isDown(arr.client.name)) await arr.client.identity().catch(() => undefined);
        for (const { server } of this.servers) if (this.health.isDown(server.name)) await server.identity().catch(() => undefined);
        await this.replacer.poll();
      } catch (error) {
        this.parts.log.error({ error: messageOf(error) }, `integrations: poll failed: ${messageOf(error)}`);
      } finally {
        this.polling = undefined;
      }
    })();
    return this.polling;
  }

  /** `mediavigil replace`. */
  replace(paths: readonly string[], dryRun: boolean): Promise<ReplaceOutcome[]> {
    if (this.arrs.length === 0)
      throw new MvError('MV_ERR_NO_INTEGRATION', 'no *arr is configured: add integrations.sonarr, radarr or lidarr to the config (see README)');
    return this.replacer.replace(paths, dryRun);
  }

  /** `mediavigil integrations test`: every service's name and version, or why it failed. */
  async test(): Promise<ServiceTest[]> {
    const services = [
      ...this.arrs.map((arr) => ({ service: arr.client.name, kind: arr.client.kind as ServiceKind, identity: () => arr.client.identity() })),
      ...this.servers.map(({ server }) => ({ service: server.name, kind: server.kind as ServiceKind, identity: () => server.identity() })),
    ];
    return Promise.all(
      services.map(async ({ service, kind, identity }) => {
        try {
          return { service, kind, ok: true, ...(await identity()) };
        } catch (error) {
          return { service, kind, ok: false, error: messageOf(error) };
        }
      }),
    );
  }

  /** Each service's health, for `status` and metrics. */
  status(): ServiceHealth[] {
    return this.health.all();
  }

  /** POST /webhook/arr on the metrics listener. */
  async webhook(request: WebhookRequest): Promise<WebhookAnswer> {
    if (this.webhookToken === undefined) return { status: 404, body: 'the import webhook is off: set integrations.webhook_token_file\n' };
    if (!hasToken(request, this.webhookToken)) return { status: 401, body: 'missing or wrong token (?token=, basic auth password, or X-Mediavigil-Token)\n' };
    const notice = parseImport(request.body);
    if (notice === undefined) return { status: 400, body: 'not a Sonarr, Radarr or Lidarr webhook payload (JSON with eventType)\n' };
    if (notice.eventType !== 'Download') return { status: 200, body: `ok (${notice.eventType}: nothing to check)\n` };
    let queued = 0;
    for (const file of notice.files) {
      const ours = this.ourPath(notice.kind, file.theirPath);
      if (ours === undefined) {
        this.parts.log.warn(
          { kind: notice.kind, theirPath: file.theirPath },
          `webhook: ${file.theirPath} from ${notice.kind} is not covered by its path_map; add an entry`,
        );
        continue;
      }
      await this.replacer.imported(notice.kind, ours, file.fileId, notice.ownerId, notice.children);
      if (await this.parts.checkNow(ours)) queued++;
      else this.parts.log.warn({ path: ours }, `webhook: ${ours} is outside the roots; not checked`);
    }
    this.parts.log.info({ kind: notice.kind, queued }, `webhook: ${notice.kind} imported ${notice.files.length} file(s); ${queued} queued for a full check`);
    return { status: 202, body: `${JSON.stringify({ queued })}\n` };
  }

  private ourPath(kind: string, theirPath: string): string | undefined {
    const candidates = this.arrs.filter((arr) => arr.client.kind === kind);
    for (const arr of candidates.length > 0 ? candidates : [{ paths: new PathMap([]) }]) {
      const ours = arr.paths.toOurs(theirPath);
      if (ours !== undefined) return ours;
    }
    return undefined;
  }

  private onEvent(event: CatalogEvent): void {
    if (event.path === undefined) return;
    if (event.type === 'file-restored') {
      this.refresh(event.path);
      return;
    }
    if (!CHECKED_EVENTS.has(event.type) || event.verdict === undefined) return;
    this.replacer.verdict(event.path, event.verdict, event.type !== 'file-changed').catch((error: unknown) => {
      this.parts.log.error({ path: event.path, error: messageOf(error) }, `replace: ${event.path}: ${messageOf(error)}`);
    });
  }

  /** Tells every media server whose path_map covers the file's folder to rescan it; retried when one is down. */
  private refresh(ourPath: string, attempt = 0, only?: MediaService): void {
    const folder = path.dirname(ourPath);
    for (const service of only ? [only] : this.servers) {
      const theirs = service.paths.toTheirs(folder);
      if (theirs === undefined) continue;
      service.server.refresh(theirs).then(
        (found) => {
          if (!found)
            this.parts.log.warn({ server: service.server.name, folder: theirs }, `${service.server.name}: no library holds ${theirs}; check its path_map`);
        },
        (error: unknown) => {
          const delays = this.parts.refreshRetryMs ?? REFRESH_RETRY_MS;
          const delay = delays[attempt];
          this.parts.log.warn(
            { server: service.server.name, error: messageOf(error) },
            `${service.server.name}: refresh of ${theirs} failed${delay === undefined ? '; giving up' : `; retrying in ${Math.round(delay / 1000)} s`}: ${messageOf(error)}`,
          );
          if (delay === undefined) return;
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            this.refresh(ourPath, attempt + 1, service);
          }, delay);
          timer.unref();
          this.timers.add(timer);
        },
      );
    }
  }
}

function target(name: string, baseUrl: string, headers: Record<string, string>, timeoutSeconds: number, observe: HttpTarget['observe']): HttpTarget {
  return { name, baseUrl, headers, timeoutMs: timeoutSeconds * 1000, ...(observe && { observe }) };
}

function uniqueName(wanted: string, used: Set<string>): string {
  let name = wanted;
  for (let n = 2; used.has(name); n++) name = `${wanted}-${n}`;
  used.add(name);
  return name;
}
