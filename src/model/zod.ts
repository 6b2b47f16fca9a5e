/**
 * zod, configured once for munisim: every schema module imports `z` from here, so the setting is in
 * place before any schema is built. `jitless`: zod compiles a parser for each object schema (with
 * `new Function`) on its first use, which pays back only over many parses; munisim parses a model file
 * once per process, so the compiling was pure start-up cost.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
