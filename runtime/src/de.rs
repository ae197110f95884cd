//! Lenient decoding for generated response types.
//!
//! Every generated response struct implements [`Nested`]: one `member` function that decodes a
//! member by its wire name with [`lenient`], and its `Deserialize` is [`object`]. The visitor that
//! walks the object is written once here, so a response type costs one small function per struct
//! in a user's binary, not a derived deserializer per field and per input type.
//!
//! Real payloads differ from the documentation: numbers arrive as strings and the reverse,
//! booleans as `"true"` or `1`, one object where a list is declared, `null` where anything is
//! declared. The visitors here accept those directly from the deserializer (no intermediate
//! `serde_json::Value`), so decoding costs about what a strict derive costs.
//!
//! | declared | also accepted |
//! |---|---|
//! | `String` | numbers and booleans (as their text), `null` (empty), objects and arrays (their JSON text) |
//! | integers | integral floats, numeric strings (`"12"`, `"12.0"`), `""` and `null` (0), booleans (0/1) |
//! | floats | integers, numeric strings, `""` and `null` (0), booleans (0/1) |
//! | `bool` | `"true"`/`"false"` (any case), `0`/`1`, `"0"`/`"1"`, `""` and `null` (false) |
//! | `Vec<T>` | one element (object or scalar) as a list of one, `null` and `""` (empty) |
//! | `BTreeMap<String, T>` | `null`, `""` and `[]` (empty) |
//! | generated structs | `null`, `""` and `[]` (default) |
//! | `Option<T>` | `null` as `None`, anything else as `T` leniently |

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{
    DeserializeSeed, Error as _, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor,
};
use serde::{Deserialize, Deserializer};

/// A type decoded forgivingly: numbers from strings and the reverse, booleans from
/// `"true"`, one object where a list is declared, `null` as absent.
pub trait Lenient: Sized {
    /// Decodes forgivingly.
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// A generated struct: decoded member by member, every member leniently; `Default` gives the
/// value of an absent member, and of `null`, `""` and `[]` where the struct is expected.
pub trait Nested: Default {
    /// For a struct whose only member is a list (the XML-style wrapper `LogList { LogInfo: [..] }`),
    /// that member's wire name: a JSON array where the struct is declared is then read as the
    /// member's value, since JSON payloads often leave the wrapper out.
    const LIST_WRAPPER: Option<&'static str> = None;

    /// Decodes the member whose wire name is `name` from `value` into `self` (with [`read_into`]),
    /// and skips the value of a name the struct does not have (with [`skip`]). A name given twice
    /// keeps its last value.
    fn member<'de, D: Deserializer<'de>>(&mut self, name: &str, value: D) -> Result<(), D::Error>;
}

/// The `Deserialize` of every generated struct: an object read member by member (see [`Nested`]),
/// and `null`, `""`, `[]` or the object's JSON text in a string read as the other payloads send it.
pub fn object<'de, D: Deserializer<'de>, T: Nested>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_any(NestedVisitor(PhantomData))
}

/// Decodes `value` forgivingly into `slot`: one call per member in generated `member` functions.
/// Not inlined, so that a struct's `member` stays a name match with one call per arm, and each
/// (type, input) pair is compiled once however many structs hold a member of that type.
#[inline(never)]
pub fn read_into<'de, D: Deserializer<'de>, T: Lenient>(
    slot: &mut T,
    value: D,
) -> Result<(), D::Error> {
    *slot = T::deserialize_lenient(value)?;
    Ok(())
}

/// Reads past a member the struct does not declare.
pub fn skip<'de, D: Deserializer<'de>>(value: D) -> Result<(), D::Error> {
    serde::de::IgnoredAny::deserialize(value).map(|_| ())
}

/// Decodes one value forgivingly as `T`; also the `deserialize_with` of hand-written serde fields
/// (`#[serde(default, deserialize_with = "alibabacloud_runtime::de::lenient")]`).
pub fn lenient<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
    T::deserialize_lenient(deserializer)
}

/// Decodes a `T` leniently where serde wants a seed (list elements, map values).
struct LenientSeed<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for LenientSeed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_lenient(deserializer)
    }
}

/// How the message of a failure inside JSON text held in a string starts.
pub(crate) const EMBEDDED_JSON: &str = "JSON text inside a string";

/// Decodes `text` as an embedded JSON document when it looks like one (starts with `[` or `{`);
/// `None` when it does not, so the caller falls back to its other readings.
fn embedded_json<T: Lenient, E: serde::de::Error>(text: &str) -> Option<Result<T, E>> {
    let trimmed = text.trim_start();
    if !(trimmed.starts_with('[') || trimmed.starts_with('{')) {
        return None;
    }
    // A slice reader, as for the body itself: the response types are compiled for one reader.
    let mut inner = serde_json::Deserializer::from_slice(trimmed.as_bytes());
    Some(
        T::deserialize_lenient(&mut inner)
            .and_then(|value| inner.end().map(|()| value))
            .map_err(|e| E::custom(format_args!("{EMBEDDED_JSON}: {e}"))),
    )
}

// ---- generated structs ----

struct NestedVisitor<T>(PhantomData<T>);

impl<'de, T: Nested> Visitor<'de> for NestedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        while let Some(name) = map.next_key_seed(NameSeed)? {
            map.next_value_seed(MemberSeed {
                out: &mut out,
                name: &name,
            })?;
        }
        Ok(out)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_lenient(deserializer)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        // An empty string stands for "no object" in some payloads.
        if v.trim().is_empty() {
            return Ok(T::default());
        }
        // Some services send an object as JSON text inside a string.
        embedded_json::<T, E>(v).unwrap_or_else(|| Err(E::invalid_type(Unexpected::Str(v), &self)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        if let Some(key) = T::LIST_WRAPPER {
            let mut out = T::default();
            out.member(key, SeqAccessDeserializer::new(seq))?;
            return Ok(out);
        }
        // An empty list stands for "no object"; a non-empty one cannot be one object.
        match seq.next_element::<serde::de::IgnoredAny>()? {
            None => Ok(T::default()),
            Some(_) => Err(A::Error::invalid_type(Unexpected::Seq, &self)),
        }
    }
}

/// A member name, borrowed from the input when it has no escapes.
struct NameSeed;

impl<'de> DeserializeSeed<'de> for NameSeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(NameVisitor)
    }
}

struct NameVisitor;

impl<'de> Visitor<'de> for NameVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

/// The value of member `name`, decoded into `out`.
struct MemberSeed<'a, T> {
    out: &'a mut T,
    name: &'a str,
}

impl<'de, T: Nested> DeserializeSeed<'de> for MemberSeed<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.out.member(self.name, deserializer)
    }
}

impl<T: Nested> Lenient for T {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NestedVisitor(PhantomData))
    }
}

// ---- strings ----

struct StringVisitor;

impl<'de> Visitor<'de> for StringVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<String, E> {
        Ok(String::from_utf8_lossy(v).into_owned())
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<String, E> {
        Ok(if v { "true" } else { "false" }.to_owned())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        String::deserialize_lenient(deserializer)
    }
    // Structured data where text is declared: keep it, as its JSON text.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        Ok(serde_json::Value::deserialize(MapAccessDeserializer::new(map))?.to_string())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        Ok(serde_json::Value::deserialize(SeqAccessDeserializer::new(seq))?.to_string())
    }
}

impl Lenient for String {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringVisitor)
    }
}

// ---- booleans ----

struct BoolVisitor;

impl<'de> Visitor<'de> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, \"true\"/\"false\" or 0/1")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<bool, E> {
        Ok(v != 0)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<bool, E> {
        Ok(v != 0)
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<bool, E> {
        Ok(v != 0.0)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<bool, E> {
        let t = v.trim();
        if t.eq_ignore_ascii_case("true") || t == "1" {
            Ok(true)
        } else if t.eq_ignore_ascii_case("false") || t == "0" || t.is_empty() {
            Ok(false)
        } else {
            Err(E::invalid_value(Unexpected::Str(v), &self))
        }
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        bool::deserialize_lenient(deserializer)
    }
}

impl Lenient for bool {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BoolVisitor)
    }
}

// ---- integers ----

/// Parses integer text: decimal, or an integral decimal fraction (`"12.0"`); empty is 0.
fn parse_integer<T: TryFrom<i128> + Default + std::str::FromStr>(text: &str) -> Option<T> {
    let t = text.trim();
    if t.is_empty() {
        return Some(T::default());
    }
    if let Ok(v) = t.parse::<T>() {
        return Some(v);
    }
    let f = t.parse::<f64>().ok()?;
    float_to_integer(f)
}

fn float_to_integer<T: TryFrom<i128>>(f: f64) -> Option<T> {
    // Within ±2^63 an integral f64 converts exactly; `as` saturates outside, and try_from checks T's range.
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.3e18 {
        T::try_from(f as i128).ok()
    } else {
        None
    }
}

macro_rules! lenient_integer {
    ($($t:ty => $visitor:ident),* $(,)?) => {$(
        struct $visitor;

        impl<'de> Visitor<'de> for $visitor {
            type Value = $t;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!("an integer (", stringify!($t), ") or its text"))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$t, E> {
                <$t>::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$t, E> {
                <$t>::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<$t, E> {
                float_to_integer(v).ok_or_else(|| E::invalid_value(Unexpected::Float(v), &self))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$t, E> {
                parse_integer(v).ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<$t, E> {
                Ok(<$t>::from(v))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<$t, E> {
                Ok(0)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<$t, E> {
                Ok(0)
            }
            fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<$t, D::Error> {
                <$t>::deserialize_lenient(deserializer)
            }
        }

        impl Lenient for $t {
            fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any($visitor)
            }
        }
    )*};
}

lenient_integer!(
    i8 => I8Visitor,
    i16 => I16Visitor,
    i32 => I32Visitor,
    i64 => I64Visitor,
    u8 => U8Visitor,
    u16 => U16Visitor,
    u32 => U32Visitor,
    u64 => U64Visitor,
);

// ---- floats ----

macro_rules! lenient_float {
    ($($t:ty => $visitor:ident),* $(,)?) => {$(
        struct $visitor;

        impl<'de> Visitor<'de> for $visitor {
            type Value = $t;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or its text")
            }
            // Precision loss is inherent in the declared float type.
            #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$t, E> {
                Ok(v as $t)
            }
            #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$t, E> {
                Ok(v as $t)
            }
            #[allow(clippy::cast_possible_truncation)]
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<$t, E> {
                Ok(v as $t)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$t, E> {
                let t = v.trim();
                if t.is_empty() {
                    return Ok(0.0);
                }
                t.parse::<$t>().map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<$t, E> {
                Ok(if v { 1.0 } else { 0.0 })
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<$t, E> {
                Ok(0.0)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<$t, E> {
                Ok(0.0)
            }
            fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<$t, D::Error> {
                <$t>::deserialize_lenient(deserializer)
            }
        }

        impl Lenient for $t {
            fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any($visitor)
            }
        }
    )*};
}

lenient_float!(f32 => F32Visitor, f64 => F64Visitor);

// ---- JSON values ----

impl Lenient for serde_json::Value {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer)
    }
}

// ---- Option ----

/// `null` is `None`; anything else is `Some` of the lenient `T`. Read with `deserialize_any`, so
/// the token is looked at once: `null` arrives as `visit_unit`, anything else as the visit of `T`'s
/// own token, forwarded to `T` (`visit_some` still serves deserializers that call it).
struct OptionVisitor<T>(PhantomData<T>);

macro_rules! forward_scalar_to {
    ($inner:ident, $wrap:expr) => {
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
            $inner::deserialize_lenient(v.into_deserializer()).map($wrap)
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            $inner::deserialize_lenient(v.into_deserializer()).map($wrap)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            $inner::deserialize_lenient(v.into_deserializer()).map($wrap)
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            $inner::deserialize_lenient(v.into_deserializer()).map($wrap)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            $inner::deserialize_lenient(v.into_deserializer()).map($wrap)
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
            $inner::deserialize_lenient(v.into_deserializer()).map($wrap)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            $inner::deserialize_lenient(MapAccessDeserializer::new(map)).map($wrap)
        }
    };
}

impl<'de, T: Lenient> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an optional value")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize_lenient(deserializer).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<T>, A::Error> {
        T::deserialize_lenient(SeqAccessDeserializer::new(seq)).map(Some)
    }
    forward_scalar_to!(T, Some);
}

impl<T: Lenient> Lenient for Option<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OptionVisitor(PhantomData))
    }
}

// ---- Vec ----

struct VecVisitor<T>(PhantomData<T>);

fn one<T>(value: T) -> Vec<T> {
    vec![value]
}

impl<'de, T: Lenient> Visitor<'de> for VecVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list or a single element")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // The hint comes from the input; cap it so a hostile hint cannot reserve much.
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(LenientSeed::<T>(PhantomData))? {
            out.push(item);
        }
        Ok(out)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        Vec::<T>::deserialize_lenient(deserializer)
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Vec<T>, E> {
        T::deserialize_lenient(v.into_deserializer()).map(one)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Vec<T>, E> {
        T::deserialize_lenient(v.into_deserializer()).map(one)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Vec<T>, E> {
        T::deserialize_lenient(v.into_deserializer()).map(one)
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Vec<T>, E> {
        T::deserialize_lenient(v.into_deserializer()).map(one)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<T>, E> {
        // An empty string stands for an empty list in some payloads.
        if v.is_empty() {
            return Ok(Vec::new());
        }
        // Some services send a list (or one object) as JSON text inside a string.
        if let Some(embedded) = embedded_json::<Vec<T>, E>(v) {
            return embedded;
        }
        T::deserialize_lenient(v.into_deserializer()).map(one)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
        T::deserialize_lenient(MapAccessDeserializer::new(map)).map(one)
    }
}

impl<T: Lenient> Lenient for Vec<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(VecVisitor(PhantomData))
    }
}

// ---- maps ----

struct MapVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for MapVisitor<T> {
    type Value = BTreeMap<String, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(LenientSeed::<T>(PhantomData))?;
            out.insert(key, value);
        }
        Ok(out)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        BTreeMap::<String, T>::deserialize_lenient(deserializer)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(BTreeMap::new());
        }
        // Some services send a map as JSON text inside a string.
        embedded_json::<Self::Value, E>(v)
            .unwrap_or_else(|| Err(E::invalid_type(Unexpected::Str(v), &self)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        match seq.next_element::<serde::de::IgnoredAny>()? {
            None => Ok(BTreeMap::new()),
            Some(_) => Err(A::Error::invalid_type(Unexpected::Seq, &self)),
        }
    }
}

impl<T: Lenient> Lenient for BTreeMap<String, T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MapVisitor(PhantomData))
    }
}

/// A struct decoded as generated ones are, for the runtime's own tests: fields with their wire
/// names, an optional list-wrapper member.
#[cfg(test)]
macro_rules! test_object {
    (struct $name:ident { $($field:ident: $ty:ty = $wire:literal,)* } $(wrapper = $w:literal)?) => {
        #[derive(Debug, Default, PartialEq)]
        struct $name {
            $($field: $ty,)*
        }
        impl $crate::de::Nested for $name {
            $(const LIST_WRAPPER: Option<&'static str> = Some($w);)?
            fn member<'de, D: serde::Deserializer<'de>>(
                &mut self,
                name: &str,
                value: D,
            ) -> Result<(), D::Error> {
                match name {
                    $($wire => $crate::de::read_into(&mut self.$field, value),)*
                    _ => $crate::de::skip(value),
                }
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::de::object(deserializer)
            }
        }
    };
}
#[cfg(test)]
pub(crate) use test_object;

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    test_object! {
        struct Item {
            name: String = "Name",
            size: i64 = "Size",
        }
    }

    test_object! {
        struct Response {
            request_id: String = "RequestId",
            success: bool = "Success",
            count: i32 = "Count",
            total: i64 = "Total",
            ratio: f64 = "Ratio",
            small: f32 = "Small",
            maybe: Option<i64> = "Maybe",
            items: Vec<Item> = "Items",
            ids: Vec<String> = "Ids",
            labels: BTreeMap<String, String> = "Labels",
            extra: serde_json::Value = "Extra",
            item: Item = "Item",
            opt_item: Option<Item> = "OptItem",
            grid: Vec<Vec<i32>> = "Grid",
        }
    }

    fn decode(json: &str) -> Response {
        serde_json::from_str(json).unwrap()
    }

    test_object! {
        struct LogList {
            log_info: Vec<Item> = "LogInfo",
        } wrapper = "LogInfo"
    }

    test_object! {
        struct Data {
            log_list: LogList = "LogList",
        }
    }

    #[test]
    fn a_list_where_its_wrapper_struct_is_declared_fills_the_wrapper() {
        let wrapped: Data =
            serde_json::from_str(r#"{"LogList":{"LogInfo":[{"Name":"a"}]}}"#).unwrap();
        let bare: Data = serde_json::from_str(r#"{"LogList":[{"Name":"a"}]}"#).unwrap();
        assert_eq!(wrapped, bare);
        assert_eq!(bare.log_list.log_info.len(), 1);
        let empty: Data = serde_json::from_str(r#"{"LogList":[]}"#).unwrap();
        assert!(empty.log_list.log_info.is_empty());
        // A struct that is not a wrapper still refuses a non-empty list.
        let err = serde_json::from_str::<Response>(r#"{"Item":[{"Name":"a"}]}"#).unwrap_err();
        assert!(err.to_string().contains("expected an object"), "{err}");
    }

    #[test]
    fn json_text_inside_a_string_decodes_as_the_declared_list_or_object() {
        let r = decode(
            r#"{"Items":"[{\"Name\":\"a\",\"Size\":\"1\"}]","Item":"{\"Name\":\"n\"}","Ids":"[\"x\",2]"}"#,
        );
        assert_eq!(
            r.items,
            vec![Item {
                name: "a".into(),
                size: 1
            }]
        );
        assert_eq!(
            r.item,
            Item {
                name: "n".into(),
                size: 0
            }
        );
        assert_eq!(r.ids, vec!["x".to_string(), "2".to_string()]);
        // Text that only starts like JSON is an error that says where, not a silent guess.
        let err = serde_json::from_str::<Response>(r#"{"Items":"[{\"Name\":"}"#).unwrap_err();
        assert!(
            err.to_string().contains("JSON text inside a string"),
            "{err}"
        );
        let r = decode(r#"{"Labels":"{\"k\":1}"}"#);
        assert_eq!(r.labels.get("k").map(String::as_str), Some("1"));
        // Plain text is still one element.
        assert_eq!(decode(r#"{"Ids":"solo"}"#).ids, vec!["solo".to_string()]);
    }

    #[test]
    fn strict_shape_decodes() {
        let r = decode(
            r#"{"RequestId":"r","Success":true,"Count":3,"Total":9000000000,"Ratio":0.5,"Small":1.5,"Maybe":7,
               "Items":[{"Name":"a","Size":1},{"Name":"b","Size":2}],"Ids":["x","y"],"Labels":{"k":"v"},
               "Extra":{"a":1},"Item":{"Name":"n","Size":5},"OptItem":{"Name":"o"},"Grid":[[1,2],[3]]}"#,
        );
        assert_eq!(r.request_id, "r");
        assert!(r.success);
        assert_eq!(
            (r.count, r.total, r.ratio, r.small, r.maybe),
            (3, 9_000_000_000, 0.5, 1.5, Some(7))
        );
        assert_eq!(r.items.len(), 2);
        assert_eq!(r.ids, vec!["x", "y"]);
        assert_eq!(r.labels["k"], "v");
        assert_eq!(r.extra, serde_json::json!({"a": 1}));
        assert_eq!(
            r.item,
            Item {
                name: "n".into(),
                size: 5
            }
        );
        assert_eq!(
            r.opt_item,
            Some(Item {
                name: "o".into(),
                size: 0
            })
        );
        assert_eq!(r.grid, vec![vec![1, 2], vec![3]]);
    }

    #[test]
    fn numbers_and_strings_swap() {
        let r = decode(
            r#"{"RequestId":123,"Count":"42","Total":"-7","Ratio":"2.5","Small":"3","Maybe":"8","Ids":[1,2.5,true]}"#,
        );
        assert_eq!(r.request_id, "123");
        assert_eq!(
            (r.count, r.total, r.ratio, r.small, r.maybe),
            (42, -7, 2.5, 3.0, Some(8))
        );
        assert_eq!(r.ids, vec!["1", "2.5", "true"]);
        let r = decode(r#"{"Count":"12.0","Total":3.0,"Ratio":4}"#);
        assert_eq!((r.count, r.total, r.ratio), (12, 3, 4.0));
    }

    #[test]
    fn booleans() {
        for (text, expected) in [
            ("true", true),
            ("\"true\"", true),
            ("\"TRUE\"", true),
            ("1", true),
            ("\"1\"", true),
            ("false", false),
            ("\"false\"", false),
            ("0", false),
            ("\"0\"", false),
            ("\"\"", false),
            ("null", false),
        ] {
            let r = decode(&format!(r#"{{"Success":{text}}}"#));
            assert_eq!(r.success, expected, "{text}");
        }
        assert!(serde_json::from_str::<Response>(r#"{"Success":"maybe"}"#).is_err());
    }

    #[test]
    fn one_object_or_scalar_where_list_declared() {
        let r = decode(r#"{"Items":{"Name":"only","Size":"3"},"Ids":"single","Grid":[5]}"#);
        assert_eq!(
            r.items,
            vec![Item {
                name: "only".into(),
                size: 3
            }]
        );
        assert_eq!(r.ids, vec!["single"]);
        assert_eq!(r.grid, vec![vec![5]]);
    }

    #[test]
    fn nulls_absent_and_unknown() {
        let r = decode(
            r#"{"RequestId":null,"Success":null,"Count":null,"Maybe":null,"Items":null,"Ids":"","Labels":null,"Item":null,"OptItem":null,"Unknown":{"deep":[1,2,{"x":null}]}}"#,
        );
        assert_eq!(r, Response::default());
        let r = decode("{}");
        assert_eq!(r, Response::default());
        let r = decode(r#"{"Item":"","Labels":"","Count":""}"#);
        assert_eq!(r, Response::default());
    }

    #[test]
    fn structured_where_string_declared() {
        let r = decode(r#"{"RequestId":{"a":[1]}}"#);
        assert_eq!(r.request_id, r#"{"a":[1]}"#);
    }

    #[test]
    fn wrong_shapes_are_errors_not_panics() {
        for bad in [
            r#"{"Count":"abc"}"#,
            r#"{"Count":3000000000}"#,
            r#"{"Count":1.5}"#,
            r#"{"Total":1e300}"#,
            r#"{"Item":[1]}"#,
            r#"{"Item":"text"}"#,
            r#"{"Labels":[1]}"#,
            r#"{"Ratio":"x"}"#,
            r#"{"Items":[1]}"#,
        ] {
            assert!(serde_json::from_str::<Response>(bad).is_err(), "{bad}");
        }
    }

    // The same forgiveness through a deserializer other than JSON text (`serde_json::Value`),
    // which reports `null` and every token through the same `visit_*` calls.
    #[test]
    fn decoding_from_a_value_matches_decoding_from_text() {
        for text in [
            r#"{"Maybe":null,"OptItem":null,"Count":"4","Items":{"Name":"one"},"Ids":7}"#,
            r#"{"Maybe":"8","OptItem":{"Name":"o","Size":"2"},"Item":"","Labels":null}"#,
            r#"{"Maybe":9,"OptItem":"","RequestId":{"a":[1]},"Success":"true","Grid":[5]}"#,
        ] {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let from_value: Response = serde_json::from_value(value).unwrap();
            assert_eq!(from_value, decode(text), "{text}");
        }
        assert_eq!(decode(r#"{"OptItem":null}"#).opt_item, None);
        assert_eq!(decode(r#"{"Maybe":null}"#).maybe, None);
    }

    #[test]
    fn option_of_list_and_struct_in_single_element_list() {
        #[derive(Debug, Default, Deserialize, PartialEq)]
        struct Wrap {
            #[serde(default, deserialize_with = "lenient")]
            a: Option<Vec<Option<i32>>>,
            #[serde(default, deserialize_with = "lenient")]
            b: Vec<Option<Item>>,
        }
        let w: Wrap = serde_json::from_str(r#"{"a":"5","b":{"Name":"x"}}"#).unwrap();
        assert_eq!(w.a, Some(vec![Some(5)]));
        assert_eq!(
            w.b,
            vec![Some(Item {
                name: "x".into(),
                size: 0
            })]
        );
    }
}
