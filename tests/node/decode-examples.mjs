// Every doc example decodes, in its envelope, to the update of its key or event: one update,
// not unknown or invalid, with every field of the example's document kept. The cases come
// from tests/js_decoders.rs (emit::model::example_instances): a JSON file of
// [{ module, line, envelope, entry, payload, document }]. Prints a JSON summary.
import fs from "node:fs";
import { pathToFileURL } from "node:url";

const cases = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const modules = new Map();
const failures = [];
const checked = {};
const isReset = (v) => v === null || v === "" || v === "null";
for (const c of cases) {
  if (!modules.has(c.module)) {
    modules.set(c.module, await import(pathToFileURL(c.module).href));
  }
  const at = `${c.module.split("/").pop()} example at line ${c.line}`;
  let updates;
  try {
    updates = modules.get(c.module).decode(JSON.stringify(c.payload));
  } catch (error) {
    failures.push(`${at}: decode threw ${error}`);
    continue;
  }
  const expected = c.envelope === "info" ? "info" : "event";
  const got = updates[0];
  const named = expected === "info" ? got?.key : got?.name;
  if (updates.length !== 1 || got.type !== expected || named !== c.entry) {
    failures.push(
      `${at}: expected one ${expected} ${c.entry}, got ${JSON.stringify(updates).slice(0, 300)}`,
    );
    continue;
  }
  const value = expected === "info" ? got.value : got.data;
  if (
    c.document &&
    typeof c.document === "object" &&
    !Array.isArray(c.document)
  ) {
    const lost = Object.keys(c.document).filter(
      (k) => !isReset(c.document[k]) && !(value && Object.hasOwn(value, k)),
    );
    if (lost.length) failures.push(`${at}: fields lost: ${lost.join(", ")}`);
  }
  if (
    Array.isArray(c.document) &&
    (!Array.isArray(value) || value.length !== c.document.length)
  ) {
    failures.push(`${at}: items lost: ${JSON.stringify(value).slice(0, 200)}`);
  }
  checked[c.slug] = (checked[c.slug] ?? 0) + 1;
}
console.log(JSON.stringify({ checked, failures }));
