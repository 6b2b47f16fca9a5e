// Worker threads do not inherit tsx's loader from the main thread: register it here, then load
// the TypeScript worker. tinypool calls the default export once per task.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./worker.ts');

export default worker.default;
