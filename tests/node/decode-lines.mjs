// `node decode-lines.mjs MODULE FILE`: decodes each line of FILE (one payload per line, as
// JSON text) with MODULE's `decode` and prints, per line, the JSON array of its updates: the
// JavaScript side of tests/differential.rs. A throw is printed as {"threw": "..."}.
import fs from "node:fs";
import { pathToFileURL } from "node:url";

const [module, file] = process.argv.slice(2);
const { decode } = await import(pathToFileURL(module).href);
const lines = fs.readFileSync(file, "utf8").split("\n");
if (lines.at(-1) === "") lines.pop();
const out = [];
for (const line of lines) {
  try {
    out.push(JSON.stringify(decode(line)));
  } catch (error) {
    out.push(JSON.stringify({ threw: String(error) }));
  }
}
process.stdout.write(out.join("\n") + "\n");
