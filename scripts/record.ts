/**
 * npm run record -- --preset counting-loop --seconds 20 --fps 60 --size 1920x1080 --out loop.mp4
 * Renders a preset in headless Chromium on the fixed-step clock and writes the video; progress on
 * stderr, a JSON summary on stdout. See scripts/record-args.ts for every flag.
 */
import { RecordOptionError } from '../src/page/record/record-options';
import { parseRecordArgs, RECORD_USAGE } from './record-args';
import { recordClip } from './record-run';

try {
  const args = parseRecordArgs(process.argv.slice(2));
  if (args.help) {
    console.log(RECORD_USAGE);
  } else {
    console.log(JSON.stringify(await recordClip(args)));
  }
} catch (e) {
  const text = e instanceof Error ? e.message : String(e);
  process.stderr.write(`npm run record: ${text}\n${e instanceof RecordOptionError ? `\n${RECORD_USAGE}\n` : ''}`);
  process.exitCode = 1;
}
