/**
 * The wire protocol a Redis coordinator (`sweep --redis`) and its workers share: the queue names,
 * the job and reply formats, and the presence keys by which each side knows the other is alive. Jobs
 * go to the queue of one code hash, so a worker only ever takes jobs its own code would run the same.
 */
import type { Redis } from 'ioredis';
import type { TaskResult } from './evaluator.js';
import { withTimeout } from './redis-connection.js';

/** Redis key prefix of munisim's queues (`munisim:<queue>@<code>:…`) and presence keys (`munisim:<queue>:…`). */
export const KEY_PREFIX = 'munisim';
/** A presence key lives this long unless refreshed; its owner refreshes it every `PRESENCE_REFRESH_MS`. */
export const PRESENCE_TTL_MS = 20_000;
export const PRESENCE_REFRESH_MS = 5000;

/**
 * The BullMQ queue that carries the jobs of `queue` for code `code`: `<queue>@<code>`. Workers of
 * other code listen on other queues and never see these jobs.
 */
export function jobQueueName(queue: string, code: string): string {
  return `${queue}@${code}`;
}

/** Who is alive on a queue: a coordinator (its jobs are worth running) or a worker. */
export type PresenceRole = 'coordinator' | 'worker';

/** `munisim:<queue>:<role>:<id>`, holding the owner's code hash, with a TTL of `PRESENCE_TTL_MS`. */
export function presenceKey(queue: string, role: PresenceRole, id: string): string {
  return `${KEY_PREFIX}:${queue}:${role}:${id}`;
}

/**
 * What a job carries: the task (`encodeJson` text), the model text it names with the files the model
 * read (CSV series: the worker parses from these, never from its own disk), and the code that must run it.
 */
export interface RedisJobData {
  task: string;
  modelText: string;
  /** The model's input files, by path relative to the model's folder; together with the text they make its sha256. */
  inputs: { path: string; text: string }[];
  /** The model's file name as the coordinator knows it, for the worker's messages (nothing is read from it). */
  modelFile: string;
  /** Code hash of the coordinator (also in the queue name) and its version string, for messages. */
  code: string;
  munisim: string;
  /** The coordinator's id: its presence key says whether it still waits for the result. */
  coordinator: string;
}

/**
 * What a worker sends back as `encodeJson` text: the task's result; why it refused the task; or
 * that it skipped the task because its coordinator's presence key had expired.
 */
export type RedisReply = { result: TaskResult } | { refused: string } | { skipped: string };

/** Keeps a presence key alive while its owner runs; `stop` deletes it. */
export function holdPresence(client: Redis, key: string, value: string): { stop: () => Promise<void> } {
  // SET rather than PEXPIRE: a restarted server without snapshots has lost the key, and gets it back.
  const refresh = () => client.set(key, value, 'PX', PRESENCE_TTL_MS).catch(() => {});
  void refresh();
  const timer = setInterval(refresh, PRESENCE_REFRESH_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await withTimeout(client.del(key), 2000).catch(() => {});
    },
  };
}

/** Code hashes of everyone of `role` alive on `queue`, with how many hold each. */
export async function presentCodes(client: Redis, queue: string, role: PresenceRole): Promise<Map<string, number>> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', presenceKey(queue, role, '*'), 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0' && keys.length < 10_000);
  const codes = new Map<string, number>();
  if (keys.length === 0) return codes;
  for (const code of await client.mget(...keys)) if (code !== null) codes.set(code, (codes.get(code) ?? 0) + 1);
  return codes;
}
