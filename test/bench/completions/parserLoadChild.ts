// Child process of the parse-gate benchmark: loads the grammars of the languages named on the command line
// in a fresh process (the first load includes starting the runtime) and prints the loader's records as JSON.

import { offlineLoader } from './offline';

void (async () => {
  const loader = offlineLoader();
  for (const language of process.argv.slice(2)) await loader.whenReady(language);
  process.stdout.write(JSON.stringify(loader.loads) + '\n');
  loader.dispose();
})();
