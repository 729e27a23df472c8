// What an Overwolf app writes with the generated package: listeners that declare the game's
// payload types and narrow on `feature` and `name`. Type-checked by `tsc --strict` in
// tests/node_checks.rs; every `@ts-expect-error` below is a mistake the types must catch.
import type {
  ApexLegends,
  JsonString,
  WorldOfTanks,
} from "../../generated/ts/index.js";

/** Decodes a JSON-in-string value into the document type the docs describe. */
function decode<T>(value: JsonString<T>): T {
  return JSON.parse(value) as T;
}

const features: ApexLegends.Feature[] = ["me", "roster", "kill", "match_info"];
overwolf.games.events.setRequiredFeatures(features, () => {});

// @ts-expect-error: not a feature of Apex Legends
const notAFeature: ApexLegends.Feature = "not_a_feature";

overwolf.games.events.onInfoUpdates2.addListener(
  (update: ApexLegends.InfoUpdates2Event) => {
    if (update.feature === "roster") {
      for (const value of Object.values(update.info.match_info ?? {})) {
        // GEP resets a value with null, "" or "null" (between matches, say).
        if (value === null || value === "" || value === "null") continue;
        const player: ApexLegends.RosterValue = decode(value);
        // Fields may be left out or reset, and fields the docs do not list are kept.
        const teamId: number | string | null | undefined = player.team_id;
        const teammate: boolean | string | null | undefined = player.isTeammate;
        const extra: unknown = player["not_in_the_docs"];
        console.log(teamId, teammate, extra);
      }
      const first = update.info.match_info?.roster_0;
      // @ts-expect-error: a roster value is a JSON string, not a decoded player
      const notDecoded: ApexLegends.RosterValue | undefined = first;
      console.log(notDecoded);
    }
    if (update.feature === "me") {
      const name: string | null | undefined = update.info.me?.name;
      // @ts-expect-error: `me` updates have no roster
      const roster = update.info.match_info;
      console.log(name, roster);
    }
  },
);

overwolf.games.events.onNewEvents.addListener(
  (payload: ApexLegends.NewGameEvents) => {
    for (const event of payload.events) {
      switch (event.name) {
        case "kill": {
          const kills: number = event.data;
          console.log(kills);
          break;
        }
        case "damage": {
          const damage: ApexLegends.DamageData = decode(event.data);
          console.log(damage);
          break;
        }
        // @ts-expect-error: not an event of Apex Legends
        case "not_an_event":
          break;
      }
    }
  },
);

overwolf.games.events.onInfoUpdates2.addListener(
  (update: WorldOfTanks.InfoUpdates2Event) => {
    if (update.feature === "game_info") {
      console.log(update.info.game_info?.map_name);
    }
  },
);

// ow-electron's flat envelopes: an info update names its feature, an event its name as the key.
const electronInfo: ApexLegends.ElectronInfoUpdate = {
  gameId: 21566,
  feature: "match_info",
  category: "match_info",
  key: "pseudo_match_id",
  value: "0a4b1c2d",
};
const electronEvent: ApexLegends.ElectronGameEvent = {
  gameId: 21566,
  category: "match_info",
  key: "kill",
  value: 3,
};
// @ts-expect-error: an event's data has the type of its event
const wrongElectronEvent: ApexLegends.ElectronGameEvent = { key: "kill", value: {} };
console.log(electronInfo, electronEvent, wrongElectronEvent);

// @ts-expect-error: a listener must take a payload of the event it listens to
overwolf.games.events.onNewEvents.addListener((n: number) => console.log(n));

export {};
