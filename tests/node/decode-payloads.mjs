// Recorded payloads through the JavaScript decoders: `node decode-payloads.mjs MODULE FILE`
// decodes each line of FILE (JSON Lines, `//` comments skipped) with MODULE's `decode` and
// prints a JSON summary: lines, updates, and each throw or invalid update with its line.
import fs from "node:fs";
import { pathToFileURL } from "node:url";

const [module, file] = process.argv.slice(2);
const { decode } = await import(pathToFileURL(module).href);
const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
const failures = [];
let payloads = 0;
let updates = 0;
lines.forEach((line, index) => {
  if (!line.trim() || line.startsWith("//")) return;
  payloads++;
  try {
    for (const update of decode(line)) {
      updates++;
      if (update.type === "invalid") {
        failures.push(`${index + 1}: ${JSON.stringify(update).slice(0, 300)}`);
      }
    }
  } catch (error) {
    failures.push(`${index + 1}: threw ${error}`);
  }
});
console.log(JSON.stringify({ payloads, updates, failures }));
