/**
 * Every component kind, registered once. The sections a model file has, the order in which the day
 * loop visits them, and the order of columns, summary cells and `validate` lines are all here; a new
 * kind in an existing section is one file plus one line in KINDS.
 */
import type { ComponentKind, Section } from './contract.js';
import { consumerKind } from './consumer.js';
import { eventKind } from './events.js';
import { factoryKind } from './factory.js';
import { pipelineKind } from './pipeline.js';
import { routeKind } from './route.js';
import { stockpileKind } from './stockpile.js';

/** Every kind. Within a section, a kind with `claims` is tried before the section's default kind. */
export const KINDS: readonly ComponentKind[] = [
  stockpileKind,
  factoryKind,
  pipelineKind,
  routeKind,
  consumerKind,
  eventKind,
];

/** How a section of the model file reads and counts. */
export interface SectionInfo {
  name: Section;
  /** The thing its entries are, in messages (`unknown stockpile "x"`). */
  noun: string;
  /** The message when the file lists none; omitted: the section may be left out. */
  required?: string;
  /**
   * Its entries name CSV columns, so their ids are unique across the whole model and each counts as
   * a component in the size limits; false: ids are its own (events).
   */
  columns: boolean;
}

/** The sections in file order: built and created in this order (a later section may refer to an earlier one). */
export const SECTIONS: readonly SectionInfo[] = [
  { name: 'stockpiles', noun: 'stockpile', required: 'list at least one stockpile', columns: true },
  { name: 'factories', noun: 'factory', columns: true },
  { name: 'routes', noun: 'route', columns: true },
  { name: 'consumers', noun: 'consumer', columns: true },
  { name: 'events', noun: 'event', columns: false },
];

/**
 * The order in which each phase visits the sections (components of one section in file order). This
 * is the day of docs/model-format.md "Exactly what happens in a day": at each whole day d, day d − 1
 * closes (factories release, fronts fire, the day is recorded, meters zeroed), then day d opens
 * (strikes, then route departures).
 */
export const ORDER: Readonly<Record<'startDay' | 'endDay' | 'columns' | 'summary', readonly Section[]>> = {
  startDay: ['events', 'stockpiles', 'factories', 'routes', 'consumers'],
  endDay: ['stockpiles', 'factories', 'routes', 'consumers', 'events'],
  /** timeseries.csv's columns, and `validate`'s flows. */
  columns: ['factories', 'stockpiles', 'routes', 'consumers', 'events'],
  /** summary.csv's cells after the run totals. */
  summary: ['consumers', 'routes', 'stockpiles', 'factories', 'events'],
};

/** The kinds of `section`: those with `claims` first, the default last. */
export function kindsOf(section: Section): ComponentKind[] {
  const kinds = KINDS.filter((k) => k.section === section);
  return [...kinds.filter((k) => k.claims), ...kinds.filter((k) => !k.claims)];
}

/** The kind named `kind`. */
export function kindNamed(kind: string): ComponentKind {
  const found = KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`no component kind "${kind}" is registered (src/components/registry.ts)`);
  return found;
}
