// Validates AsyncAPI documents with the official parser (@asyncapi/parser).
//   node validate.cjs <folder holding node_modules/@asyncapi/parser> <document>...
// Prints every error and warning of each document; exits 1 when any document has an
// error (or cannot be read), naming it.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { createRequire } = require("node:module");

async function main([modules, ...files]) {
  if (!modules || files.length === 0) {
    console.error("usage: node validate.cjs <parser folder> <document>...");
    return 2;
  }
  const load = createRequire(path.join(path.resolve(modules), "package.json"));
  const { Parser, DiagnosticSeverity } = load("@asyncapi/parser");
  const parser = new Parser();
  const severity = { [DiagnosticSeverity.Error]: "error", [DiagnosticSeverity.Warning]: "warning" };
  let failed = 0;
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      console.error(`${file}: cannot read: ${err.message}`);
      failed += 1;
      continue;
    }
    const { document, diagnostics } = await parser.parse(text, { source: path.resolve(file) });
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    // Errors and warnings; information and hints (such as "3.1.0 exists") are not shown.
    const shown = diagnostics.filter((d) => d.severity <= DiagnosticSeverity.Warning);
    for (const d of shown) {
      const where = d.path && d.path.length ? ` at ${d.path.join(".")}` : "";
      const line = d.range ? `:${d.range.start.line + 1}` : "";
      console.error(`${file}${line}: ${severity[d.severity]} ${d.code}${where}: ${d.message}`);
    }
    if (document === undefined || errors.length > 0) {
      failed += 1;
      console.error(`${file}: INVALID (${errors.length} error(s))`);
    } else {
      console.log(`${file}: valid AsyncAPI ${document.version()}`);
    }
  }
  if (failed) console.error(`${failed} of ${files.length} document(s) invalid`);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
