/**
 * The schema of a whole model file, composed from the registry: the model's own fields, then one
 * list per section whose entries are read by their kind's schema (src/components/). Unknown fields
 * are refused everywhere, so a typo is an error, not a silently ignored setting.
 */
import { z } from '../model/zod.js';
import { kindsOf, SECTIONS } from '../components/registry.js';
import { dispatchSchema, IsoDate, LIMITS, MunitionInput, ParameterInput } from '../model/schema.js';
import { TargetInput } from '../model/targets.js';

const sections = Object.fromEntries(SECTIONS.map((info) => {
  const kinds = kindsOf(info.name);
  const entry = kinds.length === 1 ? kinds[0].schema : dispatchSchema(kinds);
  return [info.name, info.required ? z.array(entry).min(1, { error: info.required }) : z.array(entry).optional()];
}));

export const ModelInput = z.strictObject({
  name: z.string({ error: 'expected a name' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { error: 'expected a name of letters, digits, ., _ and - (it names the output folder under runs/)' })
    .refine((name) => !name.includes('..'), { error: 'a name may not contain ".."' }),
  description: z.string().optional(),
  start: IsoDate,
  days: z.number({ error: 'expected a number of days' }).int({ error: 'expected a whole number of days' })
    .min(1, { error: 'the horizon must be at least 1 day' })
    .max(LIMITS.days, { error: `the horizon may be at most ${LIMITS.days} days (100 years)` }),
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  parameters: z.record(z.string(), ParameterInput).optional(),
  munitions: z.array(MunitionInput).min(1, { error: 'list at least one munition' }),
  report_dates: z.array(IsoDate, { error: 'expected a list of dates YYYY-MM-DD' }).optional(),
  targets: z.array(TargetInput, { error: 'expected a list of targets' }).optional(),
  ...sections,
});

/** A model file as its schema reads it; each section's entries are typed by their kind. */
export type ModelFile = z.infer<typeof ModelInput> & Partial<Record<(typeof SECTIONS)[number]['name'], unknown[]>>;
