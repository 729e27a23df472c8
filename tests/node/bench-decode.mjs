// Benchmark (not a test) of the npm package's decoders: `node tests/node/bench-decode.mjs`
// from the checkout (`npm run bench-decode --prefix tests/node`).
//
// The replay: the recorded Dota 2 match ($GEPGEN_DATA/payloads/dota-2.jsonl, by default
// ../shared beside the checkout) and every doc example of the tracked games in its envelope
// (generated/rust/examples/*.jsonl), as JSON text. Decoding it with each game's `decode` is
// timed against what an app does by hand: `JSON.parse` of each payload, plus one
// `JSON.parse` of each value or data that is a JSON document inside a string. Rounds
// alternate between the two; the medians and their ratio are printed, with the gzip size of
// one game's module with the runtime.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);
const data = process.env.GEPGEN_DATA ?? path.resolve(root, "../shared");
const generated = path.join(root, "generated/ts");

const linesOf = (file) =>
  fs
    .readFileSync(file, "utf8")
    .split(/\r?\n/)
    .filter((line) => line.trim() && !line.startsWith("//"));

/** [decode, line] pairs. */
const replay = [];
const recording = path.join(data, "payloads/dota-2.jsonl");
const dota = await import(
  pathToFileURL(path.join(generated, "dota-2.js")).href
);
const recorded = linesOf(recording);
for (const line of recorded) replay.push([dota.decode, line]);
const examplesDir = path.join(root, "generated/rust/examples");
let examples = 0;
for (const file of fs.readdirSync(examplesDir).sort()) {
  if (!file.endsWith(".jsonl")) continue;
  const slug = file.replace(/\.jsonl$/, "").replaceAll("_", "-");
  const game = await import(
    pathToFileURL(path.join(generated, `${slug}.js`)).href
  );
  for (const line of linesOf(path.join(examplesDir, file))) {
    replay.push([game.decode, line]);
    examples++;
  }
}

/** What an app does by hand: the payload, then each document inside a string. */
function byHand(text) {
  const payload = JSON.parse(text);
  let count = 0;
  const inner = (value) => {
    if (typeof value === "string" && (value[0] === "{" || value[0] === "[")) {
      try {
        JSON.parse(value);
      } catch {}
    }
    count++;
  };
  const visit = (p) => {
    if (Array.isArray(p)) return p.forEach(visit);
    if (p === null || typeof p !== "object") return;
    for (const categories of [p.info, p.res]) {
      if (categories === null || typeof categories !== "object") continue;
      for (const keys of Object.values(categories)) {
        for (const value of Object.values(keys ?? {})) inner(value);
      }
    }
    if (Array.isArray(p.events))
      for (const event of p.events) inner(event?.data);
    if ("key" in p) inner(p.value ?? p.data);
    else if ("name" in p) inner(p.data);
  };
  visit(payload);
  return count;
}

function decodeAll() {
  let count = 0;
  for (const [decode, line] of replay) count += decode(line).length;
  return count;
}

function parseAll() {
  let count = 0;
  for (const [, line] of replay) count += byHand(line);
  return count;
}

const invalid = replay.flatMap(([decode, line]) =>
  decode(line).filter((update) => update.type === "invalid"),
);

function time(run) {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const ROUNDS = 31;
for (let i = 0; i < 5; i++) {
  decodeAll();
  parseAll();
}
const decodeTimes = [];
const parseTimes = [];
for (let i = 0; i < ROUNDS; i++) {
  if (i % 2 === 0) {
    decodeTimes.push(time(decodeAll));
    parseTimes.push(time(parseAll));
  } else {
    parseTimes.push(time(parseAll));
    decodeTimes.push(time(decodeAll));
  }
}
const median = (times) => times.sort((a, b) => a - b)[times.length >> 1];
const decodeMs = median(decodeTimes);
const parseMs = median(parseTimes);
const bytes = replay.reduce((sum, [, line]) => sum + line.length, 0);
const module = ["runtime.js", "dota-2.js"]
  .map((file) => fs.readFileSync(path.join(generated, file)))
  .reduce((a, b) => Buffer.concat([a, b]));

console.log(
  `replay: ${recorded.length} recorded Dota 2 payloads + ${examples} doc examples, ` +
    `${(bytes / 1e6).toFixed(2)} MB, ${invalid.length} invalid updates`,
);
console.log(
  `decode (typed)         ${decodeMs.toFixed(1)} ms (median of ${ROUNDS})`,
);
console.log(`JSON.parse by hand     ${parseMs.toFixed(1)} ms`);
console.log(
  `ratio                  ${(decodeMs / parseMs).toFixed(2)}x (goal: at most 1.5x)`,
);
console.log(
  `runtime.js + dota-2.js ${module.length} bytes, ${gzipSync(module).length} gzipped`,
);
