/**
 * The files a model reads (CSV series) are part of what the model is: recorded with their text and
 * sha256, covered by the model's sha256, and read through an injectable reader, so a model parsed on
 * another machine reads the copies sent with it. A model that reads no file keeps sha256(text).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, modelSha256, parseModel, sentInputReader } from '../../src/assembly/load-model.js';
import { resolveScenario } from '../../src/model/scenario.js';
import { ROOT } from '../cli/cli.js';
import { refusal } from '../helpers.js';

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Two columns of data/us.csv (a factory's rate, spelled ./data/us.csv, and the front's demand) and one of b.csv. */
const MODEL = `name: inputs
start: 2024-01-01
days: 4
munitions: [{ id: m }]
stockpiles: [{ id: depot, initial: { m: 1000000 } }]
factories: [{ id: plant, munition: m, to: depot, rate: { csv: ./data/us.csv, column: eu, per: day } }]
consumers:
  - id: front
    draws_from: [depot]
    munitions: [m]
    demand: { csv: data/us.csv, column: us, per: day }
  - id: back
    draws_from: [depot]
    munitions: [m]
    demand: { csv: b.csv, column: x, per: day }
`;
const US = 'date,us,eu\n2024-01-01,10,1\n2024-01-03,20,2\n';
const B = 'date,x\n2024-01-01,5\n';

function folderWith(us: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'munisim-inputs-'));
  mkdirSync(join(folder, 'data'));
  writeFileSync(join(folder, 'model.yaml'), MODEL);
  writeFileSync(join(folder, 'data', 'us.csv'), us);
  writeFileSync(join(folder, 'b.csv'), B);
  return folder;
}

describe('a model records the files it read', () => {
  const model = loadModel(join(folderWith(US), 'model.yaml'));

  it('each once (two columns of one file, one written ./data/…), in path order, with its text and sha256', () => {
    expect(model.inputs).toEqual([
      { path: 'b.csv', sha256: sha(B), text: B },
      { path: 'data/us.csv', sha256: sha(US), text: US },
    ]);
  });

  it('its sha256 is that of the sha256sum listing: the text as "(model)", then each file by path', () => {
    // As `{ echo "$(sha256sum < model.yaml | cut -c1-64)  (model)"; sha256sum b.csv data/us.csv; } | sha256sum` prints it.
    const listing = `${sha(MODEL)}  (model)\n${sha(B)}  b.csv\n${sha(US)}  data/us.csv\n`;
    expect(model.sha256).toBe(sha(listing));
    expect(model.sha256).not.toBe(sha(MODEL));
    expect(modelSha256(MODEL, [{ path: 'data/us.csv', text: US }, { path: 'b.csv', text: B }])).toBe(model.sha256);
  });

  it('editing one CSV cell changes the sha256; the same files in another folder do not', () => {
    const edited = loadModel(join(folderWith(US.replace('20,2', '21,2')), 'model.yaml'));
    expect(edited.sha256).not.toBe(model.sha256);
    expect(loadModel(join(folderWith(US), 'model.yaml')).sha256).toBe(model.sha256);
  });
});

describe('readInput: where the CSV files come from', () => {
  it('parses from the copies given, with nothing on the disk, to the same model and tables', () => {
    const fromDisk = loadModel(join(folderWith(US), 'model.yaml'));
    const nowhere = join(mkdtempSync(join(tmpdir(), 'munisim-empty-')), 'model.yaml');
    const sent = parseModel(MODEL, nowhere, { readInput: sentInputReader(fromDisk.inputs!) });
    expect(sent.sha256).toBe(fromDisk.sha256);
    expect(sent.inputs).toEqual(fromDisk.inputs);
    const front = (m: typeof sent) => Array.from(resolveScenario(m).tables[m.consumers[0].demand]);
    expect(front(sent)).toEqual([10, 10, 20, 20]);
    expect(front(fromDisk)).toEqual([10, 10, 20, 20]);
  });

  it('a file not among the copies is refused at the csv field, not looked for on the disk', () => {
    const folder = folderWith(US);
    const message = refusal(() => parseModel(MODEL, join(folder, 'model.yaml'), { readInput: sentInputReader([{ path: 'b.csv', text: B }]) }));
    expect(message).toMatch(/consumers\[0\]\.demand\.csv: "data\/us\.csv" was not sent with the model/);
  });

  it('the reader gets the path relative to the model folder, once per file', () => {
    const asked: string[] = [];
    parseModel(MODEL, '/nowhere/model.yaml', { readInput: (path) => { asked.push(path); return { text: path === 'b.csv' ? B : US }; } });
    expect(asked.sort()).toEqual(['b.csv', 'data/us.csv']);
  });
});

describe('a model that reads no file', () => {
  it.each(readdirSync(join(ROOT, 'models')).filter((name) => name.endsWith('.yaml')))('keeps sha256 of its text, no inputs: models/%s', (name) => {
    const text = readFileSync(join(ROOT, 'models', name), 'utf8');
    const model = loadModel(join(ROOT, 'models', name));
    expect(model.sha256).toBe(sha(text));
    expect(model.inputs).toBeUndefined();
  });
});
