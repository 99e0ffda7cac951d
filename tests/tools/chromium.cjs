// The Debian Chromium the tests drive, and the flags it needs here: headless as root, and no
// background connections (this machine reaches no network but the package registries).
'use strict';
const fs = require('fs');

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function chromiumPath() {
  const found = [process.env.CHROME_BIN, '/usr/lib/chromium/chromium', '/usr/bin/chromium',
    '/usr/bin/chromium-browser'].find(p => p && fs.existsSync(p));
  if (!found) throw new Error('no Chromium found (apt-get install chromium, or set CHROME_BIN)');
  return found;
}

module.exports = { FLAGS, chromiumPath };
