#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI itself is built with the app (`npm run build`) into out/main/cli.js.
const fs = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write(
    'pickline: not built yet; run `npm run build` in the Pickline folder first\n',
  );
  process.exit(1);
}
require(cli);
