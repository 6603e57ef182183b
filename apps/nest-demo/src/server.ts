// `pnpm --filter nest-demo start`: the Nest demo on PORT (default 3000).
import { startDemo } from './demo.js';

const demo = await startDemo({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST, env: process.env });
const stop = () => void demo.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
