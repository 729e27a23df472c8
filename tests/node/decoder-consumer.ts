// An app using the decoders by the package's name, type-checked by `tsc --strict` with
// moduleResolution nodenext and bundler (tests/js_decoders.rs sets the package up in a
// temporary node_modules). Every `@ts-expect-error` is a mistake the types must catch.
import * as ApexLegends from "@gepgen/overwolf-gep-types/apex-legends";
import { Dota2 } from "@gepgen/overwolf-gep-types";

const onUpdate = ApexLegends.listener((u) => {
  if (u.type === "info" && u.key === "roster_XX") {
    const index: number = u.index;
    const teamId: number | undefined = u.value?.team_id;
    const teammate: boolean | undefined = u.value?.isTeammate;
    const extra: unknown = u.value?.["not_in_the_docs"];
    // @ts-expect-error: a decoded team id is a number, not a string
    const asText: string | undefined = u.value?.team_id;
    console.log(index, teamId, teammate, extra, asText);
  }
  if (u.type === "info" && u.key === "name") {
    const name: string | null = u.value;
    // @ts-expect-error: only key families have an index
    console.log(name, u.index);
  }
  if (u.type === "event" && u.name === "kill") {
    const kills: number = u.data;
    console.log(kills);
  }
  if (u.type === "event" && u.name === "kill_feed") {
    const attacker: string | undefined = u.data.attackerName;
    console.log(attacker);
  }
  if (u.type === "unknown" || u.type === "invalid") {
    const raw: unknown = u.raw;
    console.log(raw);
  }
  if (u.type === "invalid") {
    const reason: string = u.reason;
    console.log(reason);
  }
});

// No cast: the listener and decode take what Overwolf delivers.
overwolf.games.events.onInfoUpdates2.addListener(onUpdate);
overwolf.games.events.onNewEvents.addListener((e) => {
  for (const u of ApexLegends.decode(e)) {
    // @ts-expect-error: "info" updates have no name
    if (u.type === "info") console.log(u.name);
  }
});

for (const u of Dota2.decode('{"events":[]}')) {
  if (u.type === "event") console.log(u.name);
}
const value: ApexLegends.Decoded.RosterValue = { team_id: 1 };
console.log(value);
