//! Decoding support shared by every game module.
//!
//! Two jobs, one module each: take the updates out of whichever envelope GEP delivered them in
//! ([`parse`], in `envelope`), and turn values as GEP sends them (numbers and booleans spelled
//! as strings, JSON documents inside strings, `null`, `""` or `"null"` for a reset) into Rust
//! values ([`Lenient`], in `lenient`). The keys of a family (`roster_XX`) are matched in `keys`;
//! `decoded` writes decoded updates as JSON, in the shape of `docs/decoding.md`.
//!
//! Decoding makes one pass over the envelope, borrowing keys and leaving each value as raw
//! JSON text, and one pass over each value into its Rust type; nothing goes through
//! `serde_json::Value` except the values of unknown keys and events, which are kept as such.
//!
//! These files are copied from `templates/rust/runtime/` by `cargo xtask regen`; the
//! templates are compiled and tested where they are written, by `tests/runtime_template.rs`.

mod decoded;
mod envelope;
mod error;
mod keys;
mod lenient;

pub use decoded::{
    event_members, info_members, raw_event_members, raw_info_members, Decoded, DecodedMembers,
    Member, Origin,
};
pub use envelope::{parse, RawEvent, RawInfo, WireEvent, WireInfo, WireUpdate};
pub use error::{DecodeError, UnknownFeature};
pub use keys::{family_index, family_name};
pub use lenient::{decode, document, enum_value, is_reset_text, lenient, Lenient, NoValue};
