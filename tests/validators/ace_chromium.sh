#!/bin/sh
# Debian's Chromium, headless, with the flags this project mandates; used by ace.py as
# PUPPETEER_EXECUTABLE_PATH (puppeteer passes a fresh --user-data-dir of its own).
for c in /usr/lib/chromium/chromium /usr/bin/chromium /usr/bin/chromium-browser; do
  [ -x "$c" ] && exec "$c" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync "$@"
done
echo "ace_chromium.sh: no chromium binary found (make install-test installs it)" >&2
exit 127
