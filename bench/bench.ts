/**
 * `npm run bench [-- SECTION…] [--quick]`: munisim's speed against the goals of issue 14, measured as
 * users meet it (whole CLI processes) or, for engine costs, in this process through the public
 * functions (loadModel, resolveScenario, simulate). Each figure is a ratio or a median of at least 3
 * rounds measured in this one run, the two sides alternated, so a busy machine slows both alike; each
 * section prints the load average at its start and end. A final table lists every goal with PASS or
 * MISS. The bench reports: it exits 0 on a miss (1 only if a section could not run).
 */
import { CORES, loadAverage, recordedGoals, removeScratch, stampLoad, table, verdict, type BenchSettings } from './lib.js';
import { benchCsv } from './csv.js';
import { benchEvents } from './events.js';
import { benchJobs } from './jobs.js';
import { benchPeer } from './peer.js';
import { benchScale } from './scale.js';
import { benchStartup } from './startup.js';
import { benchEngineFigures, benchMemory, benchThroughput } from './throughput.js';

interface Section { name: string; title: string; run: (settings: BenchSettings) => void; byDefault: boolean }

const SECTIONS: Section[] = [
  { name: 'simpy', title: 'munisim against SimPy: quickstart replications at --jobs 1 and at every core', run: benchPeer, byDefault: true },
  { name: 'events', title: 'events per CPU second against bare simjs on the quickstart pattern', run: benchEvents, byDefault: true },
  { name: 'scale', title: 'cost per component-day against model size and horizon; model load time', run: benchScale, byDefault: true },
  { name: 'csv', title: 'CSV write rate and peak memory of a recorded run', run: benchCsv, byDefault: true },
  { name: 'startup', title: 'start-up time', run: benchStartup, byDefault: true },
  { name: 'jobs', title: '--jobs 2 against --jobs 1 on a short and a long sweep', run: benchJobs, byDefault: true },
  { name: 'engine', title: 'the engine alone on every shipped model', run: benchEngineFigures, byDefault: true },
  { name: 'throughput', title: 'sweep throughput of every shipped model', run: benchThroughput, byDefault: false },
  { name: 'memory', title: 'peak memory of sweeps of 2,000 and 20,000 runs', run: benchMemory, byDefault: false },
];

const USAGE = `usage: npm run bench [-- [SECTION…] [--quick]]
  sections (default: every one marked *; "all" for every one):
${SECTIONS.map((s) => `    ${s.byDefault ? '*' : ' '} ${s.name.padEnd(11)} ${s.title}`).join('\n')}
  --quick    smaller sizes (for trying the bench; its verdicts are indicative only)`;

function parseArguments(argv: string[]): { sections: Section[]; settings: BenchSettings } | undefined {
  const names = argv.filter((a) => !a.startsWith('-'));
  const flags = argv.filter((a) => a.startsWith('-'));
  const unknownFlag = flags.find((f) => f !== '--quick');
  const unknownName = names.find((n) => n !== 'all' && !SECTIONS.some((s) => s.name === n));
  if (flags.includes('--help') || flags.includes('-h')) return undefined;
  if (unknownFlag !== undefined || unknownName !== undefined) {
    console.error(`bench: unknown ${unknownFlag !== undefined ? `option ${unknownFlag}` : `section ${unknownName}`}`);
    return undefined;
  }
  const sections = names.includes('all') ? SECTIONS
    : names.length === 0 ? SECTIONS.filter((s) => s.byDefault)
      : SECTIONS.filter((s) => names.includes(s.name));
  return { sections, settings: { quick: flags.includes('--quick'), rounds: 3 } };
}

function main(): number {
  const parsed = parseArguments(process.argv.slice(2));
  if (parsed === undefined) {
    console.log(USAGE);
    return process.argv.slice(2).some((a) => a === '--help' || a === '-h') ? 0 : 2;
  }
  const { sections, settings } = parsed;
  const started = performance.now();
  console.log(`munisim bench: node ${process.version}, ${CORES} cores, ${new Date().toISOString()}, load average ${loadAverage()} (1, 5, 15 min)`);
  console.log(`sections: ${sections.map((s) => s.name).join(' ')}${settings.quick ? ' (--quick: smaller sizes, verdicts indicative only)' : ''}`);
  const failed: string[] = [];
  const loads: { name: string; load: string; seconds: number }[] = [];
  for (const section of sections) {
    const from = recordedGoals().length;
    const atStart = loadAverage();
    const sectionStart = performance.now();
    console.log(`\n== ${section.name}: ${section.title} — load average at start ${atStart}`);
    try {
      section.run(settings);
    } catch (error) {
      failed.push(section.name);
      console.log(`\n${section.name} could not run: ${(error as Error).stack ?? String(error)}`);
    }
    const atEnd = loadAverage();
    const seconds = (performance.now() - sectionStart) / 1000;
    console.log(`-- ${section.name}: ${seconds.toFixed(0)} s, load average at end ${atEnd}`);
    const load = `${atStart.split(' ')[0]} → ${atEnd.split(' ')[0]}`;
    stampLoad(from, load);
    loads.push({ name: section.name, load, seconds });
  }
  const goals = recordedGoals();
  table(`summary: the goals of issue 14${settings.quick ? ' (--quick: indicative only)' : ''}; load = 1-minute load average at the start → end of the section`,
    ['section', 'goal', 'measured', 'target', 'verdict', 'load'],
    goals.map((g) => [g.section, g.name, g.figure, g.target, verdict(g.pass), g.load ?? '']), 2);
  const passed = goals.filter((g) => g.pass).length;
  console.log(`\n${passed} of ${goals.length} goals met; ${sections.length} ${sections.length === 1 ? 'section' : 'sections'} in ${((performance.now() - started) / 1000).toFixed(0)} s (${loads.map((l) => `${l.name} ${l.seconds.toFixed(0)} s`).join(', ')}); load average at the end ${loadAverage()}`);
  if (failed.length > 0) console.log(`sections that could not run: ${failed.join(', ')}`);
  return failed.length > 0 ? 1 : 0;
}

try {
  process.exitCode = main();
} finally {
  removeScratch();
}
