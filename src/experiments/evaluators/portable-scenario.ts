/**
 * The form in which a resolved scenario crosses to a worker thread: its day tables and the model's
 * structure, without the compiled expressions (functions cannot be cloned; the tables hold their
 * values) and without the model's text and input files. Workers only simulate it, so they never load the compiler.
 */
import type { Model } from '../../model/model.js';
import type { Scenario } from '../../model/scenario.js';

/** A scenario whose model has no quantities, no event `set` expressions, no text and no input files: data only. */
export type PortableScenario = Scenario;

/** Makes portable scenarios, stripping each model once (tasks of one experiment share it). */
export class PortableScenarios {
  private last?: { model: Model; stripped: Model };

  of(scenario: Scenario): PortableScenario {
    if (this.last?.model !== scenario.model) {
      const { model } = scenario;
      const { text: _text, inputs: _inputs, ...rest } = model;
      const stripped: Model = { ...rest, quantities: [], events: model.events.map((event) => ({ ...event, set: [] })) };
      this.last = { model, stripped };
    }
    return { ...scenario, model: this.last.stripped };
  }
}
