//! Decoding values as GEP sends them: numbers and booleans spelled as strings, JSON
//! documents inside strings, and `null`, `""` or `"null"` for a reset.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserializer, IntoDeserializer, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::error::without_position;

/// Deserialization that tolerates the spellings GEP uses: numbers and booleans as strings,
/// JSON documents inside strings, `null`, `""` or `"null"` for "no value".
pub trait Lenient: Sized {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Decodes a raw value (`null` when absent) into `T`, or says why it does not fit.
pub fn decode<T: Lenient>(raw: Option<&RawValue>) -> Result<T, String> {
    let text = raw.map_or("null", RawValue::get);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    T::deserialize_lenient(&mut deserializer).map_err(|error| without_position(error.to_string()))
}

/// `#[serde(deserialize_with)]` for fields of payload structs.
pub fn lenient<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
    T::deserialize_lenient(deserializer)
}

/// A `Lenient` value as a `Deserialize` one, for elements of arrays and documents in strings.
struct Leniently<T>(T);

impl<'de, T: Lenient> Deserialize<'de> for Leniently<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_lenient(deserializer).map(Leniently)
    }
}

/// Parses the JSON document inside a string.
fn inner_document<T: Lenient, E: de::Error>(text: &str) -> Result<T, E> {
    serde_json::from_str::<Leniently<T>>(text)
        .map(|document| document.0)
        .map_err(|error| {
            E::custom(format_args!(
                "in the JSON document inside a string: {}",
                without_position(error.to_string())
            ))
        })
}

/// The strings GEP resets a value with: `""`, and `"null"` (the text of a `null`).
pub fn is_reset_text(text: &str) -> bool {
    text.is_empty() || text == "null"
}

/// `null`, `""` and `"null"` are `None`: GEP resets info this way between matches.
impl<T: Lenient> Lenient for Option<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OptionVisitor<T>(PhantomData<T>);

        impl<'de, T: Lenient> Visitor<'de> for OptionVisitor<T> {
            type Value = Option<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value, null, \"\" or \"null\"")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                T::deserialize_lenient(v.into_deserializer()).map(Some)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                T::deserialize_lenient(v.into_deserializer()).map(Some)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                T::deserialize_lenient(v.into_deserializer()).map(Some)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                T::deserialize_lenient(v.into_deserializer()).map(Some)
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                if is_reset_text(v) {
                    return Ok(None);
                }
                T::deserialize_lenient(de::value::BorrowedStrDeserializer::new(v)).map(Some)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if is_reset_text(v) {
                    return Ok(None);
                }
                T::deserialize_lenient(v.into_deserializer()).map(Some)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                T::deserialize_lenient(SeqAccessDeserializer::new(seq)).map(Some)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize_lenient(MapAccessDeserializer::new(map)).map(Some)
            }
        }

        deserializer.deserialize_any(OptionVisitor(PhantomData))
    }
}

/// The value of a key or event the docs show without one: only a reset (`null`, `""`,
/// `"null"`) or nothing fits. Anything else makes the update `Invalid`, which keeps it, so a
/// value the docs did not expect is never dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoValue;

impl Lenient for NoValue {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NoValueVisitor;

        impl Visitor<'_> for NoValueVisitor {
            type Value = NoValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("no value (null, \"\" or \"null\"), as the docs show")
            }
            fn visit_unit<E: de::Error>(self) -> Result<NoValue, E> {
                Ok(NoValue)
            }
            fn visit_none<E: de::Error>(self) -> Result<NoValue, E> {
                Ok(NoValue)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NoValue, E> {
                if is_reset_text(v) {
                    Ok(NoValue)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
        }

        deserializer.deserialize_any(NoValueVisitor)
    }
}

/// `true`, `false`, `"true"`, `"True"`, `"FALSE"`, `1`, `0`, `"1"`, `"0"`.
impl Lenient for bool {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BoolVisitor;

        impl Visitor<'_> for BoolVisitor {
            type Value = bool;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
                Ok(v)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
                match v {
                    0 => Ok(false),
                    1 => Ok(true),
                    _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
                match v {
                    0 => Ok(false),
                    1 => Ok(true),
                    _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
                }
            }
            // `1.0` is `1` to a JavaScript decoder, which cannot tell them apart.
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
                if v == 0.0 {
                    Ok(false)
                } else if v == 1.0 {
                    Ok(true)
                } else {
                    Err(E::invalid_value(de::Unexpected::Float(v), &self))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
                let text = v.trim();
                if text.eq_ignore_ascii_case("true") || text == "1" {
                    Ok(true)
                } else if text.eq_ignore_ascii_case("false") || text == "0" {
                    Ok(false)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
        }

        deserializer.deserialize_any(BoolVisitor)
    }
}

/// Integers as numbers or strings (`15`, `"15"`, `15.0`, `"15.000000"`).
impl Lenient for i64 {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IntegerVisitor;

        impl Visitor<'_> for IntegerVisitor {
            type Value = i64;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
                safe(v).ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
                (i64::try_from(v).ok().and_then(safe))
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
                (whole(v).and_then(safe))
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
                let text = v.trim();
                text.parse::<i64>()
                    .ok()
                    .or_else(|| text.parse::<f64>().ok().and_then(whole))
                    .and_then(safe)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }

        deserializer.deserialize_any(IntegerVisitor)
    }
}

/// The largest integer every decoder reads exactly (JavaScript's `Number.MAX_SAFE_INTEGER`):
/// beyond it an integer is refused, rather than read as a neighbour in one language.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// `integer` if both decoders read it exactly.
fn safe(integer: i64) -> Option<i64> {
    (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER)
        .contains(&integer)
        .then_some(integer)
}

/// A number kept as text (a `string` or an enumeration sent as a number), written as
/// ECMAScript writes it (`15`, `1.5`, `1e+21`, `1e-7`), so that every decoder gives the same
/// text: the shortest digits that read back as `number`, placed by ECMAScript's rules.
pub fn number_text(number: f64) -> String {
    if number == 0.0 {
        return "0".to_owned();
    }
    if !number.is_finite() {
        return number.to_string();
    }
    // `{:e}` gives the shortest round-trip digits: `d[.ddd]e<exponent>`.
    let scientific = format!("{:e}", number.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i32;
    // The value is 0.<digits> x 10^n.
    let n = exponent.parse::<i32>().unwrap_or(0) + 1;
    let sign = if number < 0.0 { "-" } else { "" };
    let text = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let exponent = n - 1;
        let exponent = if exponent < 0 {
            exponent.to_string()
        } else {
            format!("+{exponent}")
        };
        match digits.split_at(1) {
            (first, "") => format!("{first}e{exponent}"),
            (first, rest) => format!("{first}.{rest}e{exponent}"),
        }
    };
    format!("{sign}{text}")
}

/// An integer kept as text: exact where both decoders read it exactly, else as the double
/// JavaScript reads it.
fn integer_text(integer: i128) -> String {
    if integer.unsigned_abs() <= MAX_SAFE_INTEGER as u128 {
        integer.to_string()
    } else {
        number_text(integer as f64)
    }
}

/// The integer `number` stands for, if it is whole and in range.
fn whole(number: f64) -> Option<i64> {
    // i64::MAX as f64 rounds up to 2^63, so the upper bound is exclusive.
    let in_range = number >= i64::MIN as f64 && number < i64::MAX as f64;
    (number.fract() == 0.0 && in_range).then_some(number as i64)
}

/// Numbers as numbers or strings (`15`, `"15.000000"`); not NaN or infinities.
impl Lenient for f64 {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;

        impl Visitor<'_> for NumberVisitor {
            type Value = f64;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
                Ok(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
                Ok(v as f64)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
                Ok(v)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
                v.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|number| number.is_finite())
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }

        deserializer.deserialize_any(NumberVisitor)
    }
}

/// Strings; numbers and booleans as their JSON text.
impl Lenient for String {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StringVisitor;

        impl Visitor<'_> for StringVisitor {
            type Value = String;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_owned())
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
                Ok(v)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
                Ok(integer_text(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                Ok(integer_text(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
                Ok(number_text(v))
            }
        }

        deserializer.deserialize_any(StringVisitor)
    }
}

/// Arrays, also as a JSON document inside a string.
impl<T: Lenient> Lenient for Vec<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ArrayVisitor<T>(PhantomData<T>);

        impl<'de, T: Lenient> Visitor<'de> for ArrayVisitor<T> {
            type Value = Vec<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(Leniently(item)) = seq.next_element::<Leniently<T>>()? {
                    items.push(item);
                }
                Ok(items)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<T>, E> {
                inner_document(v)
            }
        }

        deserializer.deserialize_any(ArrayVisitor(PhantomData))
    }
}

/// Objects keyed by data (player names, indexes), also as a JSON document inside a string;
/// every entry is kept, in key order.
impl<T: Lenient> Lenient for BTreeMap<String, T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);

        impl<'de, T: Lenient> Visitor<'de> for MapVisitor<T> {
            type Value = BTreeMap<String, T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object, or a JSON object inside a string")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = BTreeMap::new();
                while let Some((key, Leniently(value))) =
                    map.next_entry::<String, Leniently<T>>()?
                {
                    entries.insert(key, value);
                }
                Ok(entries)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                inner_document(v)
            }
        }

        deserializer.deserialize_any(MapVisitor(PhantomData))
    }
}

/// Any JSON, unchanged: for values the docs never showed anything but `null` for.
impl Lenient for Value {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer)
    }
}

/// `Lenient::deserialize_lenient` of payload structs: a JSON object, or a JSON document
/// inside a string.
pub fn document<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient + de::DeserializeOwned,
{
    struct DocumentVisitor<T>(PhantomData<T>);

    impl<'de, T: Lenient + de::DeserializeOwned> Visitor<'de> for DocumentVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object, or a JSON object inside a string")
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            inner_document(v)
        }
    }

    deserializer.deserialize_any(DocumentVisitor(PhantomData))
}

/// `Lenient::deserialize_lenient` of open enumerations: strings, and numbers or booleans as
/// their JSON text (`"platform_hw":7`).
pub fn enum_value<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'t> From<&'t str>,
{
    struct EnumVisitor<T>(PhantomData<T>);

    impl<T: for<'t> From<&'t str>> Visitor<'_> for EnumVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
            Ok(T::from(if v { "true" } else { "false" }))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            Ok(T::from(integer_text(v.into()).as_str()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            Ok(T::from(integer_text(v.into()).as_str()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            Ok(T::from(number_text(v).as_str()))
        }
    }

    deserializer.deserialize_any(EnumVisitor(PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lenient_from<T: Lenient>(json: &str) -> Result<T, String> {
        let raw: &RawValue = serde_json::from_str(json).unwrap();
        decode(Some(raw))
    }

    #[test]
    fn booleans_accept_the_spellings_gep_uses() {
        for (json, expected) in [
            ("true", true),
            ("\"True\"", true),
            ("\"true\"", true),
            ("\"1\"", true),
            ("0", false),
            ("\"False\"", false),
            ("\" false \"", false),
        ] {
            assert_eq!(lenient_from::<bool>(json), Ok(expected), "{json}");
        }
        assert_eq!(
            lenient_from::<bool>("\"yes\""),
            Err("invalid value: string \"yes\", expected a boolean".to_owned())
        );
    }

    #[test]
    fn numbers_accept_strings() {
        assert_eq!(lenient_from::<i64>("\"15\""), Ok(15));
        assert_eq!(lenient_from::<i64>("\"15.000000\""), Ok(15));
        assert_eq!(lenient_from::<i64>("-89"), Ok(-89));
        assert!(lenient_from::<i64>("\"15.5\"").is_err());
        assert!(lenient_from::<i64>("1e300").is_err());
        assert_eq!(lenient_from::<f64>("\"15.000000\""), Ok(15.0));
        assert_eq!(lenient_from::<f64>("2"), Ok(2.0));
        assert!(lenient_from::<f64>("\"NaN\"").is_err());
        assert_eq!(lenient_from::<String>("12.5"), Ok("12.5".to_owned()));
    }

    #[test]
    fn null_and_empty_string_are_resets() {
        assert_eq!(lenient_from::<Option<i64>>("null"), Ok(None));
        assert_eq!(lenient_from::<Option<i64>>("\"\""), Ok(None));
        assert_eq!(lenient_from::<Option<i64>>("\"null\""), Ok(None));
        assert_eq!(lenient_from::<Option<String>>("\"null\""), Ok(None));
        assert_eq!(
            lenient_from::<Option<String>>("\"nullable\""),
            Ok(Some("nullable".to_owned()))
        );
        assert_eq!(lenient_from::<Option<i64>>("\"3\""), Ok(Some(3)));
        assert_eq!(lenient_from::<Option<bool>>("\"True\""), Ok(Some(true)));
        assert_eq!(decode::<Option<String>>(None), Ok(None));
    }

    #[test]
    fn no_value_accepts_only_resets() {
        for json in ["null", "\"\"", "\"null\""] {
            assert_eq!(lenient_from::<NoValue>(json), Ok(NoValue), "{json}");
        }
        assert_eq!(decode::<NoValue>(None), Ok(NoValue));
        assert!(lenient_from::<NoValue>("\"planted\"").is_err());
        assert!(lenient_from::<NoValue>("{\"a\":1}").is_err());
    }

    #[test]
    fn arrays_and_documents_inside_strings() {
        assert_eq!(
            lenient_from::<Vec<i64>>("\"[1, \\\"2\\\"]\""),
            Ok(vec![1, 2])
        );
        assert_eq!(
            lenient_from::<Option<Vec<i64>>>("[1, \"2\"]"),
            Ok(Some(vec![1, 2]))
        );
        assert!(lenient_from::<Vec<i64>>("[1, \"x\"]").is_err());
        let error = lenient_from::<Vec<i64>>("\"[1,\"").unwrap_err();
        assert!(
            error.starts_with("in the JSON document inside a string: EOF"),
            "{error}"
        );
    }

    #[test]
    fn maps_keep_every_entry_also_inside_strings() {
        let expected = BTreeMap::from([("Name A".to_owned(), 100), ("Name B".to_owned(), 7)]);
        assert_eq!(
            lenient_from::<BTreeMap<String, i64>>(r#"{"Name B":"7","Name A":100}"#),
            Ok(expected.clone())
        );
        assert_eq!(
            lenient_from::<Option<BTreeMap<String, i64>>>(r#""{\"Name A\":100,\"Name B\":7}""#),
            Ok(Some(expected))
        );
        assert_eq!(
            lenient_from::<Option<BTreeMap<String, i64>>>("\"\""),
            Ok(None)
        );
        assert!(lenient_from::<BTreeMap<String, i64>>(r#"{"Name A":"x"}"#).is_err());
        assert!(lenient_from::<BTreeMap<String, i64>>("[1]").is_err());
    }

    #[test]
    fn numbers_kept_as_text_read_as_in_ecmascript() {
        for (number, text) in [
            (15.0, "15"),
            (1.5, "1.5"),
            (-0.001, "-0.001"),
            (1e21, "1e+21"),
            (1e-7, "1e-7"),
            (123456789012.0, "123456789012"),
            (0.000001, "0.000001"),
            (2.5e-10, "2.5e-10"),
            (-0.0, "0"),
        ] {
            assert_eq!(number_text(number), text, "{number:?}");
        }
        assert_eq!(integer_text(9_007_199_254_740_993), "9007199254740992");
        assert_eq!(integer_text(-42), "-42");
    }

    #[test]
    fn integers_beyond_the_safe_range_and_whole_floats_as_booleans() {
        assert!(lenient_from::<i64>("9007199254740993").is_err());
        assert_eq!(
            lenient_from::<i64>("9007199254740991"),
            Ok(9_007_199_254_740_991)
        );
        assert_eq!(lenient_from::<bool>("1.0"), Ok(true));
        assert_eq!(lenient_from::<bool>("0.0"), Ok(false));
        assert!(lenient_from::<bool>("0.5").is_err());
        assert_eq!(lenient_from::<String>("15.0"), Ok("15".to_owned()));
    }
}
