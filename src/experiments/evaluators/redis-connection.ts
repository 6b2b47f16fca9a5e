/**
 * The connection to a Redis server, for the coordinator and the workers alike: the address parsed
 * from a URL (with munisim's queue), a probe that the server answers, is recent and has the database,
 * and a watch that turns ioredis's stream of errors into one event per outage.
 */
import { Redis } from 'ioredis';
import { UserError } from '../../model/errors.js';

/** Queue used when the URL names none, by `munisim sweep --redis` and `munisim worker` alike. */
export const DEFAULT_QUEUE = 'munisim';
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
const QUEUE_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** A Redis address as given on the command line, split into what ioredis and BullMQ need. */
export interface RedisTarget {
  /** The URL without munisim's `queue` parameter, for ioredis. */
  url: string;
  /** The URL with any password masked, for messages. */
  display: string;
  queue: string;
  /** The database number of the URL's path (default 0). */
  db: number;
}

/**
 * Parses `redis://[user:password@]host[:port][/db][?queue=NAME]` (or `rediss://` for TLS).
 * @param queue - a queue named separately; must agree with the URL's, if both are given
 * @throws UserError for another scheme, a malformed URL, database or queue name, or two different queues
 */
export function parseRedisTarget(input: string, queue?: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UserError({ code: 'invalid_format', path: 'url', message: `expected a URL like redis://host:6379, got "${input}"` });
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new UserError({ code: 'invalid_format', path: 'url', message: `expected a redis:// or rediss:// URL, got "${input}"` });
  }
  const path = /^\/?(\d{0,9})$/.exec(url.pathname);
  if (!path) {
    throw new UserError({ code: 'invalid_format', path: 'url', message: `expected a database number after the host (redis://host:6379/0), got "${url.pathname}"` });
  }
  const inUrl = url.searchParams.get('queue') ?? undefined;
  if (queue !== undefined && inUrl !== undefined && queue !== inUrl) {
    throw new UserError({ code: 'conflict', path: 'queue', message: `"${queue}" differs from the URL's queue "${inUrl}"`, hint: 'give the queue once' });
  }
  const name = queue ?? inUrl ?? DEFAULT_QUEUE;
  if (!QUEUE_NAME.test(name)) {
    throw new UserError({ code: 'invalid_format', path: 'queue', message: `expected 1 to 100 letters, digits, "_", "." or "-", got "${name}"` });
  }
  url.searchParams.delete('queue');
  const display = new URL(url.href);
  if (display.password) display.password = '***';
  return { url: url.href, display: display.href.replace(/\/$/, ''), queue: name, db: path[1] === '' ? 0 : Number(path[1]) };
}

/**
 * A change in the connection to Redis, once per outage however many clients notice it: `lost`
 * when the first connection drops, `back` when one is ready again, `gave-up` when it stayed down
 * for the whole limit.
 */
export type ConnectionEvent =
  | { kind: 'lost'; error?: string }
  | { kind: 'back'; downMs: number }
  | { kind: 'gave-up'; downMs: number; error?: string };

/**
 * Follows every client of one side (coordinator or worker) and turns ioredis's stream of errors and
 * reconnections into a few `ConnectionEvent`s; the raw errors are kept, never printed.
 */
export class ConnectionWatch {
  /** The last error any client reported, for messages. */
  lastError?: string;
  private downSince?: number;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly dropped = new Set<Redis>();

  constructor(private readonly onEvent: (event: ConnectionEvent) => void, private readonly limitMs: number) {}

  /** Connects a BullMQ client that reconnects for ever (a Redis restart pauses the work, it does not lose it). */
  connect(target: RedisTarget): Redis {
    const client = new Redis(target.url, { maxRetriesPerRequest: null, connectTimeout: DEFAULT_CONNECT_TIMEOUT_MS });
    this.follow(client);
    return client;
  }

  /** Follows a client created elsewhere (e.g. BullMQ's own duplicate of a connection). */
  follow(client: Redis): void {
    let wasReady = false;
    client.on('error', (error: Error) => this.error(error));
    client.on('ready', () => { wasReady = true; this.up(client); });
    client.on('close', () => { if (wasReady) this.down(client); });
  }

  error(error: Error): void {
    this.lastError = describeError(error);
  }

  /** The outage starts when the first client drops and ends when every dropped one is ready again. */
  private down(client: Redis): void {
    if (this.stopped) return;
    this.dropped.add(client);
    if (this.downSince !== undefined) return;
    this.downSince = Date.now();
    this.onEvent({ kind: 'lost', error: this.lastError });
    this.timer = setTimeout(() => {
      if (this.downSince !== undefined) this.onEvent({ kind: 'gave-up', downMs: Date.now() - this.downSince, error: this.lastError });
    }, this.limitMs);
    this.timer.unref();
  }

  private up(client: Redis): void {
    this.dropped.delete(client);
    if (this.downSince === undefined || this.dropped.size > 0 || this.stopped) return;
    clearTimeout(this.timer);
    const downMs = Date.now() - this.downSince;
    this.downSince = undefined;
    this.lastError = undefined;
    this.onEvent({ kind: 'back', downMs });
  }

  /** Call before disconnecting on purpose: the closing connections are no outage. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

/** The error when Redis stayed away for the whole reconnection limit. */
export function lostConnectionError(target: RedisTarget, downMs: number, lastError: string | undefined, hint: string): UserError {
  const minutes = Math.round(downMs / 6000) / 10;
  return new UserError({
    path: 'url',
    message: `lost the connection to Redis at ${target.display} and it did not come back within ${minutes < 1 ? `${Math.round(downMs / 1000)} s` : `${minutes} min`}${lastError ? ` (${lastError})` : ''}`,
    hint,
  });
}

/**
 * Checks that a Redis server answers at `target` within `timeoutMs`, is recent enough for BullMQ,
 * and has the URL's database.
 * @throws UserError naming the URL, with what to start, if it does not
 */
export async function probeRedis(target: RedisTarget, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): Promise<void> {
  // Database 0 first: ioredis would report a failed SELECT only as an event, then carry on in database 0.
  const client = new Redis(target.url, {
    db: 0, lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => { lastError = error; });
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    const info = await Promise.race([client.connect().then(() => client.info('server')), deadline]);
    const version = /redis_version:(\d+)\.(\d+)/.exec(info);
    if (version && Number(version[1]) < 5) {
      throw new UserError({ path: 'url', message: `${target.display} runs Redis ${version[1]}.${version[2]}; the queue needs Redis 5 or later`, hint: 'install a newer redis-server' });
    }
    if (target.db !== 0) await selectDatabase(client, target);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const reason = describeError(lastError ?? (error as Error));
    const refused = /WRONGPASS|NOAUTH|NOPERM/.test(reason);
    throw new UserError({
      path: 'url',
      message: `cannot ${refused ? 'log in to' : 'reach'} Redis at ${target.display}: ${reason}`,
      hint: refused
        ? 'give the server\'s user and password in the URL: redis://USER:PASSWORD@host:port'
        : 'start a server there (e.g. `redis-server`, or `scripts/ensure-redis.sh PORT` on this machine), then `munisim worker` on each machine that should run tasks, pointed at the same Redis (`url`)',
    });
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** @throws UserError if the server has no database `target.db` (with how many it has, when it says) */
async function selectDatabase(client: Redis, target: RedisTarget): Promise<void> {
  try {
    await client.select(target.db);
  } catch (error) {
    if (!/DB index is out of range|invalid DB index/i.test((error as Error).message)) throw error;
    const reply = await client.config('GET', 'databases').catch(() => undefined) as string[] | undefined;
    const count = reply?.[1];
    throw new UserError({
      path: 'url',
      message: `database ${target.db} does not exist on this server (${target.display})${count ? `; it has ${count} (0 to ${Number(count) - 1})` : ''}`,
      hint: 'give a database number the server has, or none for database 0',
    });
  }
}

/** `ECONNREFUSED connect ECONNREFUSED 127.0.0.1:6379` → `connect ECONNREFUSED 127.0.0.1:6379`: one line, the code once. */
export function describeError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error.message.split('\n')[0];
  return code && !message.includes(code) ? `${code} ${message}` : message;
}

/** `promise`, or a rejection with `timed out` after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('timed out')), ms); });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
