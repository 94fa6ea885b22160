import { reportFailure } from './failure.ts';
import { program } from './program.ts';

// Whatever goes wrong, the user reads one line naming the problem and the fix, never a stack
// (DOCKBOOK_DEBUG=1 prints it too), and the exit code says which kind of problem it was (failure.ts).
const fatal = (error: unknown) => process.exit(reportFailure(error));
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

try {
  await program().parseAsync();
} catch (error) {
  reportFailure(error);
}
