//! Binary data that travels as Base64 text ([`Base64`]).

use std::fmt;

use base64::engine::general_purpose::{STANDARD, STANDARD_PAD_INDIFFERENT};
use base64::Engine as _;
use serde::de::{Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::de::Lenient;
use crate::params::{Pair, WireValue};
use std::borrow::Cow;

/// Binary data that travels as Base64 text: a request parameter or response field documented as
/// Base64 (a KMS `CiphertextBlob`, a `UserData` script...).
///
/// It keeps the text exactly as given or received, so a value read from one response can be
/// sent to another call unchanged, and a response never fails to decode because of its content;
/// [`decode`](Base64::decode) checks the text when the bytes are wanted.
///
/// There is deliberately no `From<&str>` or `From<String>`: a text could be the data itself or
/// its encoding, so the caller says which.
///
/// ```
/// use alibabacloud_runtime::Base64;
///
/// let data = Base64::encode("hello");
/// assert_eq!(data.as_encoded(), "aGVsbG8=");
/// let received = Base64::from_encoded("aGVsbG8=");
/// assert_eq!(received.decode().unwrap(), b"hello");
/// assert_eq!(data, received);
/// ```
///
/// Equality and hashing compare the text, so two spellings of the same bytes (with and without
/// padding, say) differ. `Debug` shows only the length of the text, since the data may be a
/// secret.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Base64(String);

impl Base64 {
    /// Encodes `bytes` with the standard alphabet and padding.
    pub fn encode(bytes: impl AsRef<[u8]>) -> Base64 {
        Base64(STANDARD.encode(bytes))
    }

    /// Takes `text` as already encoded. It is not checked: it is sent as is.
    pub fn from_encoded(text: impl Into<String>) -> Base64 {
        Base64(text.into())
    }

    /// The encoded text.
    pub fn as_encoded(&self) -> &str {
        &self.0
    }

    /// The encoded text, owned.
    pub fn into_encoded(self) -> String {
        self.0
    }

    /// Decodes the text into bytes. Accepts the standard alphabet with or without padding and
    /// the URL-safe alphabet (`-` and `_`), and ignores ASCII whitespace, since real payloads
    /// wrap long values over lines. A last symbol carrying bits that encode nothing is an
    /// error: it means the text was cut or corrupted.
    pub fn decode(&self) -> Result<Vec<u8>, Base64DecodeError> {
        // Map both alphabets onto the standard one, dropping whitespace, so one engine decodes
        // every accepted spelling.
        let mut symbols = Vec::with_capacity(self.0.len());
        for (position, c) in self.0.chars().enumerate() {
            match c {
                c if c.is_ascii_whitespace() => {}
                'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' | '=' => symbols.push(c as u8),
                '-' => symbols.push(b'+'),
                '_' => symbols.push(b'/'),
                _ => {
                    return Err(Base64DecodeError {
                        problem: Problem::InvalidCharacter,
                        position,
                    })
                }
            }
        }
        STANDARD_PAD_INDIFFERENT
            .decode(&symbols)
            .map_err(|error| self.locate(&error))
    }

    /// Turns the engine's error, whose offsets count symbols without whitespace, into one that
    /// names a character position in the original text.
    fn locate(&self, error: &base64::DecodeError) -> Base64DecodeError {
        let (problem, symbol) = match *error {
            base64::DecodeError::InvalidByte(offset, b'=') => (Problem::MisplacedPadding, offset),
            base64::DecodeError::InvalidByte(offset, _) => (Problem::InvalidCharacter, offset),
            // The engine counts the symbols up to and including the lone last one.
            base64::DecodeError::InvalidLength(count) => {
                (Problem::LoneLastSymbol, count.saturating_sub(1))
            }
            base64::DecodeError::InvalidLastSymbol { offset, .. } => {
                (Problem::TrailingBits, offset)
            }
            base64::DecodeError::InvalidPadding => (Problem::MisplacedPadding, usize::MAX),
        };
        let mut non_space = self
            .0
            .chars()
            .enumerate()
            .filter(|(_, c)| !c.is_ascii_whitespace());
        let position = non_space
            .nth(symbol)
            .map_or_else(|| self.0.chars().count(), |(position, _)| position);
        Base64DecodeError { problem, position }
    }
}

impl fmt::Debug for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64({} chars)", self.0.chars().count())
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64::encode(bytes)
    }
}

impl From<&Vec<u8>> for Base64 {
    fn from(bytes: &Vec<u8>) -> Self {
        Base64::encode(bytes)
    }
}

impl From<&[u8]> for Base64 {
    fn from(bytes: &[u8]) -> Self {
        Base64::encode(bytes)
    }
}

impl<const N: usize> From<[u8; N]> for Base64 {
    fn from(bytes: [u8; N]) -> Self {
        Base64::encode(bytes)
    }
}

impl<const N: usize> From<&[u8; N]> for Base64 {
    fn from(bytes: &[u8; N]) -> Self {
        Base64::encode(bytes)
    }
}

impl WireValue for Base64 {
    /// The text, as one parameter.
    fn write_to<'a>(&'a self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
        out.push((name, Cow::Borrowed(self.0.as_str())));
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Reads a string; when `lenient`, also numbers (as their text) and `null` (empty).
struct Base64Visitor {
    lenient: bool,
}

impl<'de> Visitor<'de> for Base64Visitor {
    type Value = Base64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Base64 text")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Base64, E> {
        Ok(Base64(v.to_owned()))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Base64, E> {
        Ok(Base64(v))
    }
    // A number is valid Base64 text when its digits are; keep it like a lenient `String` does.
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Base64, E> {
        if self.lenient {
            Ok(Base64(v.to_string()))
        } else {
            Err(E::invalid_type(Unexpected::Signed(v), &self))
        }
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Base64, E> {
        if self.lenient {
            Ok(Base64(v.to_string()))
        } else {
            Err(E::invalid_type(Unexpected::Unsigned(v), &self))
        }
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Base64, E> {
        if self.lenient {
            Ok(Base64(v.to_string()))
        } else {
            Err(E::invalid_type(Unexpected::Float(v), &self))
        }
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Base64, E> {
        if self.lenient {
            Ok(Base64::default())
        } else {
            Err(E::invalid_type(Unexpected::Unit, &self))
        }
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Base64, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Base64, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_string(Base64Visitor { lenient: false })
    }
}

impl Lenient for Base64 {
    /// A string as is; `null` as empty; a number as its text.
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Base64Visitor { lenient: true })
    }
}

/// Why [`Base64::decode`] failed, and where. It never repeats the text, which may be a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base64DecodeError {
    problem: Problem,
    position: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    InvalidCharacter,
    MisplacedPadding,
    LoneLastSymbol,
    TrailingBits,
}

impl Base64DecodeError {
    /// The position of the offending character in the text, counted in characters from 0
    /// (whitespace included); the length of the text when the problem is its end.
    pub fn position(&self) -> usize {
        self.position
    }
}

impl fmt::Display for Base64DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.problem {
            Problem::InvalidCharacter => "is not a Base64 symbol",
            Problem::MisplacedPadding => "is padding ('=') before the end of the data",
            Problem::LoneLastSymbol => {
                "is a lone last symbol: a final group needs at least two (truncated data?)"
            }
            Problem::TrailingBits => {
                "is a last symbol with bits that encode nothing (truncated or corrupted data?)"
            }
        };
        write!(
            f,
            "invalid Base64 text: the character at position {} (from 0) {what}",
            self.position
        )
    }
}

impl std::error::Error for Base64DecodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_of_the_original_text() {
        // Whitespace before the bad character is counted, multi-byte characters count once.
        let err = Base64::from_encoded("QU\nJD é").decode().unwrap_err();
        assert_eq!(err.position(), 6);
        let err = Base64::from_encoded("QU\nJD\nR").decode().unwrap_err();
        assert_eq!(err.position(), 6);
        assert!(err.to_string().contains("lone last symbol"), "{err}");
        let err = Base64::from_encoded("QQ==QUJD").decode().unwrap_err();
        assert_eq!(err.position(), 2);
        assert!(err.to_string().contains("padding"), "{err}");
        // "QR==" would carry set bits past the one byte it encodes.
        let err = Base64::from_encoded("QR==").decode().unwrap_err();
        assert_eq!(err.position(), 1);
        assert!(err.to_string().contains("bits"), "{err}");
    }

    #[test]
    fn strict_deserialize_takes_only_a_string() {
        let value: Base64 = serde_json::from_str(r#""aGk=""#).unwrap();
        assert_eq!(value.as_encoded(), "aGk=");
        assert!(serde_json::from_str::<Base64>("12").is_err());
        assert!(serde_json::from_str::<Base64>("null").is_err());
    }

    #[test]
    fn lenient_rejects_structures_and_booleans() {
        for bad in ["true", "[1]", r#"{"a":"b"}"#] {
            let mut de = serde_json::Deserializer::from_str(bad);
            assert!(Base64::deserialize_lenient(&mut de).is_err(), "{bad}");
        }
    }
}
