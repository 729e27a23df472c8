// Checks the generated JSON Schemas with ajv in strict mode.
//
// Usage: node validate-schemas.mjs SCHEMA_DIR [CASES_JSON]
//
// Every `*.schema.json` in SCHEMA_DIR must compile under ajv's Draft 2020-12 strict mode.
// CASES_JSON (written by `cargo test --test node_checks`) lists instances with the schema
// reference they are checked against and whether they must validate: every doc example in
// its envelope, its decoded JSON document, and mutations that must fail. Prints one JSON
// summary line (examples that validate, per game); exits 1 on any failure.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";

// A failure is read by a person: a few hundred characters per line, not a whole payload.
const clip = (text, max) => (text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`);

const [schemaDir, casesPath] = process.argv.slice(2);
if (!schemaDir) {
  console.error("usage: node validate-schemas.mjs SCHEMA_DIR [CASES_JSON]");
  process.exit(2);
}

const ajv = new Ajv2020({ strict: true, allErrors: true });
const failures = [];
const files = readdirSync(schemaDir).filter((f) => f.endsWith(".schema.json")).sort();
if (files.length === 0) failures.push(`${schemaDir}: no *.schema.json`);
for (const file of files) {
  try {
    const schema = JSON.parse(readFileSync(join(schemaDir, file), "utf8"));
    ajv.addSchema(schema);
    ajv.getSchema(schema.$id); // compiles it, in strict mode
  } catch (error) {
    failures.push(`${file}: ${clip(error.message, 300)}`);
  }
}

const examples = {};
if (casesPath && failures.length === 0) {
  const cases = JSON.parse(readFileSync(casesPath, "utf8"));
  for (const c of cases) {
    const validate = ajv.getSchema(c.schema);
    if (!validate) {
      failures.push(`${c.game} ${c.label}: no schema ${c.schema}`);
      continue;
    }
    const valid = validate(c.instance);
    if (valid !== c.valid) {
      const why = valid ? "it validated" : ajv.errorsText(validate.errors);
      failures.push(
        `${c.game} ${c.label}: expected ${c.valid ? "valid" : "invalid"} against ${c.schema}, ${clip(why, 300)}\n  instance: ${clip(JSON.stringify(c.instance), 200)}`,
      );
    } else if (c.valid && c.label.endsWith(": example") && !c.schema.includes("#")) {
      examples[c.game] = (examples[c.game] ?? 0) + 1;
    }
  }
}

console.log(JSON.stringify({ schemas: files.length, examples }));
if (failures.length > 0) {
  console.error(`${failures.length} failure(s):\n${failures.join("\n")}`);
  process.exit(1);
}
