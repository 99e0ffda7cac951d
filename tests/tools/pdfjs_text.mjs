#!/usr/bin/env node
// The text a reader copies from pdf.js (Mozilla's PDF viewer, npm pdfjs-dist), for the tests.
//
//   node pdfjs_text.mjs FILE.pdf [FILE.pdf ...]
//
// For each PDF, the text of its pages as pdf.js's text layer gives it (getTextContent): the runs of
// a line joined as they come (with nothing between them where the PDF sets none), a line end where
// pdf.js marks one (hasEOL), pages joined by a line end: what "select all, copy" in the viewer
// gives.  Also each run on a line of its own ("runs"), as older viewers copied it.  Prints ONE
// JSON object on stdout: {pdfjs_version, texts: {FILE: {lines, runs}}}; exit 3 when the tool failed.
import fs from 'fs';
import { getDocument, version } from 'pdfjs-dist/legacy/build/pdf.mjs';

try {
  const texts = {};
  for (const file of process.argv.slice(2)) {
    const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), verbosity: 0,
                                    isEvalSupported: false }).promise;
    const lines = [];
    const runs = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      let line = '';
      for (const item of content.items) {
        line += item.str;
        if (item.str.trim()) runs.push(item.str);
        if (item.hasEOL) { lines.push(line); line = ''; }
      }
      if (line) lines.push(line);
    }
    texts[file] = { lines: lines.join('\n') + '\n', runs: runs.join('\n') + '\n' };
    await doc.destroy();
  }
  process.stdout.write(JSON.stringify({ pdfjs_version: version, texts }));
} catch (error) {
  process.stdout.write(JSON.stringify({ error: String(error && error.stack || error) }));
  process.exit(3);
}
