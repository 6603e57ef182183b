// `pnpm --filter express-demo start`: the Express demo on PORT (default 3000), HOST (default 127.0.0.1).
// A port already in use ends the process with one clear line and exit code 1, not a stack trace.
import { startDemo } from './demo.js';

const port = Number(process.env.PORT || 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a whole number from 0 to 65535, got "${process.env.PORT}".`);
  process.exit(1);
}
try {
  const demo = await startDemo({ port, host: process.env.HOST, env: process.env });
  const stop = () => void demo.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
  console.error(`Port ${port} is already in use: stop what holds it, or pick another port, e.g. PORT=${port + 1} pnpm --filter express-demo start`);
  process.exit(1);
}
