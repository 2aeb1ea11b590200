#!/usr/bin/env node
// CommonJS (see bin/package.json): node starts it without setting up its ES module loader.
require('../dist/cli.cjs').run();
