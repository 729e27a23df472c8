// The decoding rules of docs/decoding.md, one case per rule, against the generated runtime
// (with small hand-written tables) and the generated Apex Legends module. Run by
// `cargo test --test js_decoders` through `node --test`.
import { test } from "node:test";
import assert from "node:assert/strict";

import { decoder, listener } from "../../generated/ts/runtime.js";
import * as ApexLegends from "../../generated/ts/apex-legends.js";
import { ApexLegends as FromIndex } from "../../generated/ts/index.js";

const decode = decoder({
  keys: [
    ["count", "count", null, { nullable: "integer" }],
    ["ratio", "ratio", null, { nullable: "float" }],
    ["alive", "alive", null, { nullable: "boolean" }],
    ["label", "label", null, { nullable: "string" }],
    [
      "mode",
      "mode",
      null,
      { nullable: { enum: ["solo", "duo"], aliases: [["#SOLO", "solo"]] } },
    ],
    ["nothing", "nothing", null, "none"],
    ["anything", "anything", null, { nullable: "any" }],
    [
      "player",
      "player",
      null,
      {
        nullable: {
          object: [
            ["id", "integer"],
            ["tags", { array: "string" }],
          ],
        },
      },
    ],
    ["scores", "scores", null, { nullable: { map: { nullable: "integer" } } }],
    ["list", "list", null, { nullable: { array: "integer" } }],
    ["state", "state", "me", { nullable: "string" }],
    ["state", "state", "match", { nullable: "integer" }],
    ["old_name", "count", null, { nullable: "integer" }],
  ],
  families: [
    ["slot_", "", "slot_X", null, { nullable: "integer" }],
    [
      "",
      "",
      "[deck_id]",
      "decks",
      { nullable: { object: [["count", "integer"]] } },
      "name",
    ],
  ],
  events: [
    ["kill", "integer"],
    ["maybe", { nullable: "integer" }],
    ["ended", "none"],
    ["raw", "any"],
  ],
});

const info = (key, value) => ({ info: { me: { [key]: value } } });
const valueOf = (key, value) => {
  const [update] = decode(info(key, value));
  assert.equal(update.type, "info", JSON.stringify(update));
  return update.value;
};
const reasonOf = (key, value) => {
  const [update] = decode(info(key, value));
  assert.equal(update.type, "invalid", JSON.stringify(update));
  assert.deepEqual(update.raw, value);
  assert.ok(update.reason.length > 0 && !update.reason.includes("\n"));
  return update.reason;
};

test('resets: null, empty and "null" are null for keys, left out as fields', () => {
  for (const reset of [null, "", "null"]) {
    assert.equal(valueOf("count", reset), null);
    assert.equal(valueOf("label", reset), null);
    assert.equal(valueOf("nothing", reset), null);
    assert.deepEqual(valueOf("player", { id: reset, extra: reset }), {
      extra: reset,
    });
  }
  assert.deepEqual(decode({ feature: "f", category: "me", key: "count" }), [
    { type: "info", feature: "f", category: "me", key: "count", value: null },
  ]);
  assert.deepEqual(valueOf("scores", '{"a":"","b":"3"}'), { a: null, b: 3 });
  reasonOf("nothing", "planted");
  reasonOf("list", "[1,null]");
});

test("numbers and booleans spelled as strings", () => {
  assert.equal(valueOf("count", "15"), 15);
  assert.equal(valueOf("count", " 15.000000 "), 15);
  assert.equal(valueOf("count", 1e3), 1000);
  assert.equal(valueOf("ratio", "1.5"), 1.5);
  assert.equal(valueOf("ratio", -2), -2);
  for (const [sent, expected] of [
    ["True", true],
    ["False", false],
    ["true", true],
    [" FALSE ", false],
    ["1", true],
    ["0", false],
    [1, true],
    [0, false],
    [true, true],
  ]) {
    assert.equal(valueOf("alive", sent), expected, JSON.stringify(sent));
  }
  assert.equal(valueOf("label", 12.5), "12.5");
  assert.equal(valueOf("label", false), "false");
  reasonOf("count", "15.5");
  reasonOf("count", "0x10");
  reasonOf("count", "9007199254740993");
  reasonOf("ratio", "NaN");
  reasonOf("ratio", "Infinity");
  reasonOf("alive", "yes");
  reasonOf("alive", 2);
  reasonOf("label", { a: 1 });
});

test("JSON documents inside strings are parsed and decoded by their type", () => {
  assert.deepEqual(
    valueOf("player", '{"id":"7","tags":"[\\"a\\",\\"b\\"]","new":1}'),
    {
      id: 7,
      tags: ["a", "b"],
      new: 1,
    },
  );
  assert.deepEqual(valueOf("list", '[1, "2"]'), [1, 2]);
  assert.deepEqual(valueOf("list", "[]"), []);
  assert.match(reasonOf("player", '{"id":'), /inside a string/);
  assert.match(reasonOf("player", '{"id":"x"}'), /field "id"/);
  reasonOf("player", "[1]");
  reasonOf("player", 12345);
  assert.equal(valueOf("anything", '{"a":1}'), '{"a":1}');
});

test("documented fields come first, in the order of the docs, however they were sent", () => {
  for (const sent of [
    '{"new":1,"id":"7","tags":[]}',
    '{"id":"7","new":1,"tags":[]}',
    '{"id":"7","tags":[],"new":1}',
    { tags: [], new: 1, id: "7" },
  ]) {
    const value = valueOf("player", sent);
    assert.deepEqual(Object.keys(value), ["id", "tags", "new"]);
    assert.deepEqual(value, { id: 7, tags: [], new: 1 });
  }
  assert.deepEqual(Object.keys(valueOf("player", '{"id":"","new":1}')), [
    "new",
  ]);
});

test("a payload given as objects is left as it was", () => {
  const payload = {
    info: {
      me: {
        player: { id: "7", tags: [3, "4"], new: { a: "1" } },
        scores: { a: "3", b: null },
        list: ["1", 2],
      },
    },
    events: [{ name: "kill", data: "5" }],
  };
  const before = structuredClone(payload);
  const updates = decode(payload);
  assert.deepEqual(payload, before);
  assert.deepEqual(
    updates.map((update) => update.value ?? update.data),
    [
      { id: 7, tags: ["3", "4"], new: { a: "1" } },
      { a: 3, b: null },
      [1, 2],
      5,
    ],
  );
});

test("open enumerations keep unknown spellings; other spellings give the documented one", () => {
  assert.equal(valueOf("mode", "solo"), "solo");
  assert.equal(valueOf("mode", "#SOLO"), "solo");
  assert.equal(valueOf("mode", "squads"), "squads");
  assert.equal(valueOf("mode", 7), "7");
});

test("key families give the documented key and the index", () => {
  assert.deepEqual(decode(info("slot_12", "4")), [
    {
      type: "info",
      feature: null,
      category: "me",
      key: "slot_X",
      index: 12,
      value: 4,
    },
  ]);
  assert.equal(decode(info("slot_007", 1))[0].index, 7);
  for (const key of ["slot_", "slot_x", "slot_99999999999"]) {
    assert.equal(decode(info(key, 1))[0].type, "unknown", key);
  }
});

test("keys named by the data give the documented key and the name, in their category only", () => {
  const deck = { info: { decks: { "Adventure Deck": '{"count":"30"}' } } };
  assert.deepEqual(decode(deck), [
    {
      type: "info",
      feature: null,
      category: "decks",
      key: "[deck_id]",
      name: "Adventure Deck",
      value: { count: 30 },
    },
  ]);
  // A listed key of another category is that key; elsewhere a name is unknown.
  assert.equal(decode({ info: { decks: { count: "2" } } })[0].key, "count");
  assert.equal(decode(info("Mage", "{}"))[0].type, "unknown");
});

test("keys sent under another name, and keys told apart by category", () => {
  assert.deepEqual(decode(info("old_name", "3"))[0].key, "count");
  assert.equal(decode({ info: { me: { state: "x" } } })[0].value, "x");
  assert.equal(decode({ info: { match: { state: "2" } } })[0].value, 2);
  assert.equal(decode({ info: { other: { state: "2" } } })[0].type, "unknown");
});

test("unknown keys and events are kept with their raw value", () => {
  assert.deepEqual(
    decode({ info: { me: { brand_new: { a: "1" } } }, feature: "x" }),
    [
      {
        type: "unknown",
        feature: "x",
        category: "me",
        key: "brand_new",
        raw: { a: "1" },
      },
    ],
  );
  assert.deepEqual(decode({ events: [{ name: "new_event", data: "1" }] }), [
    { type: "unknown", feature: null, name: "new_event", raw: "1" },
  ]);
});

test("invalid values are kept with the reason", () => {
  const [update] = decode({ events: [{ name: "kill", data: "x" }] });
  assert.equal(update.type, "invalid");
  assert.equal(update.name, "kill");
  assert.equal(update.raw, "x");
  assert.equal(decode({ events: [{ name: "kill" }] })[0].type, "invalid");
  assert.equal(decode({ events: [{ name: "maybe", data: "" }] })[0].data, null);
  assert.equal(decode({ events: [{ name: "ended", data: "" }] })[0].data, null);
  assert.equal(decode({ events: [{ name: "raw", data: "" }] })[0].data, "");
});

test("every envelope, as objects and as JSON text", () => {
  const updates = (payload) => [
    ...decode(payload),
    ...decode(JSON.stringify(payload)),
  ];
  // onInfoUpdates2, its feature after the info.
  assert.deepEqual(
    updates({ info: { me: { count: "1", label: "a" } }, feature: "f" }).map(
      (u) => [u.feature, u.key, u.value],
    ),
    [
      ["f", "count", 1],
      ["f", "label", "a"],
      ["f", "count", 1],
      ["f", "label", "a"],
    ],
  );
  // getInfo()
  assert.deepEqual(
    decode({ success: true, res: { me: { count: "2" } } })[0].value,
    2,
  );
  // onNewEvents
  assert.deepEqual(
    decode('{"events":[{"name":"kill","data":"2"},{"name":"ended"}]}'),
    [
      { type: "event", feature: null, name: "kill", data: 2 },
      { type: "event", feature: null, name: "ended", data: null },
    ],
  );
  // ow-electron new-info-update ("data" for "value" too)
  assert.deepEqual(
    decode({
      gameId: 1,
      feature: "f",
      category: "me",
      key: "count",
      data: "5",
    }),
    [{ type: "info", feature: "f", category: "me", key: "count", value: 5 }],
  );
  // ow-electron new-game-event: a flat envelope without feature whose key is an event
  assert.deepEqual(
    decode({ gameId: 1, category: "match", key: "kill", value: "3" }),
    [{ type: "event", feature: null, name: "kill", data: 3 }],
  );
  // ... but a documented info key stays info
  assert.equal(
    decode({ gameId: 1, category: "me", key: "count", value: "3" })[0].type,
    "info",
  );
  // without a category: an event
  assert.equal(
    decode({ feature: "kill", key: "kill", value: "3" })[0].type,
    "event",
  );
  // a single event, and arrays of payloads
  assert.equal(decode([{ name: "kill", data: 1 }, [{ events: [] }]]).length, 1);
});

test("malformed text and other JSON are one invalid update, never a throw", () => {
  for (const payload of [
    '{"info":',
    "",
    "42",
    42,
    null,
    undefined,
    '{"hello":1}',
    { events: [{ name: "kill" }, { data: 1 }] },
    { info: { me: [] } },
    { feature: 3, key: "a" },
  ]) {
    const result = decode(payload);
    assert.equal(result.length, 1, JSON.stringify(payload));
    assert.equal(result[0].type, "invalid");
    assert.ok(!("key" in result[0]) && !("name" in result[0]));
    assert.equal(typeof result[0].reason, "string");
  }
  let deep = [];
  for (let i = 0; i < 100000; i++) deep = [deep];
  assert.equal(decode(deep)[0].type, "invalid");
  assert.equal(decode("[".repeat(100000))[0].type, "invalid");
});

test("fields named __proto__ stay data", () => {
  const value = valueOf("player", '{"__proto__":{"polluted":1},"id":1}');
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.deepEqual(Object.keys(value), ["id", "__proto__"]);
  assert.equal({}.polluted, undefined);
});

test("the listener helper hands each update over, in order", () => {
  const seen = [];
  const onPayload = listener(decode, (update) => seen.push(update.type));
  onPayload({ events: [{ name: "kill", data: 1 }, { name: "new" }] });
  onPayload("not json");
  assert.deepEqual(seen, ["event", "unknown", "invalid"]);
});

test("a generated game module: Apex Legends, also through the index", () => {
  assert.equal(FromIndex.decode, ApexLegends.decode);
  const [roster] = ApexLegends.decode(
    '{"info":{"match_info":{"roster_3":"{\\"name\\":\\"a\\",\\"isTeammate\\":\\"True\\",\\"team_id\\":\\"4\\"}"}},"feature":"roster"}',
  );
  assert.deepEqual(roster, {
    type: "info",
    feature: "roster",
    category: "match_info",
    key: "roster_XX",
    index: 3,
    value: { name: "a", isTeammate: true, team_id: 4 },
  });
  const [version] = ApexLegends.decode({
    info: { game_info: { version_info: '{"is_updated":"False"}' } },
  });
  assert.equal(version.key, "gep_internal");
  assert.deepEqual(version.value, { is_updated: false });
});
