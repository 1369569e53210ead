// `--help` for the scripts behind `npm run`: each keeps its usage text beside its own argument
// parsing and calls exitWithHelp(USAGE) before it parses or does anything else, so asking for help
// prints its flags and exits 0 with no work done (nothing trained, served, launched, downloaded or
// written). Plain Node, so the .mjs entries share it with the tsx scripts (tests/slow/scripts-help.test.ts).

/** Whether `argv` asks for help: `--help` or `-h` before any bare `--`. */
export function wantsHelp(argv = process.argv.slice(2)) {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** When `argv` asks for help: prints `usage` on stdout and exits 0. Otherwise returns. */
export function exitWithHelp(usage, argv = process.argv.slice(2)) {
  if (!wantsHelp(argv)) return;
  // Straight to the stream: some scripts point console.log at stderr (stdout holds their result).
  process.stdout.write(`${usage.trim()}\n`);
  process.exit(0);
}
