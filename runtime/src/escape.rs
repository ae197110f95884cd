//! Alibaba's `percentEncode`: the escaping of query and form values, ROA path segments and
//! strings to sign. A leaf module, used by the signer, the request assembly and credential
//! redaction alike.

/// `true` for the bytes Alibaba's `percentEncode` keeps: exactly `A-Z a-z 0-9 - _ . ~` (the
/// RFC 3986 unreserved set). A table, so the hot loop is one load per byte.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~');
        byte += 1;
    }
    table
};

/// `%00%01...%FF`: the escape of byte `b` is `ESCAPES[3 * b..3 * b + 3]`, pushed as one slice
/// instead of three single characters.
const ESCAPES: &str = {
    const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
    const BYTES: [u8; 768] = {
        let mut bytes = [0u8; 768];
        let mut byte = 0;
        while byte < 256 {
            bytes[3 * byte] = b'%';
            bytes[3 * byte + 1] = HEX_UPPER[byte >> 4];
            bytes[3 * byte + 2] = HEX_UPPER[byte & 0x0f];
            byte += 1;
        }
        bytes
    };
    match std::str::from_utf8(&BYTES) {
        Ok(text) => text,
        Err(_) => panic!("the escape table is ASCII"),
    }
};

/// Alibaba's `percentEncode`: UTF-8 bytes, `A-Z a-z 0-9 - _ . ~` kept, every other byte `%XY`
/// in upper-case hex (space is `%20`, `*` is `%2A`).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    percent_encode_into(&mut out, text);
    out
}

/// Whether every byte of `bytes` is kept: a branch-free test, one table load per byte.
#[inline(always)]
fn all_kept(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .fold(true, |all, &byte| all & UNRESERVED[usize::from(byte)])
}

/// Where the first chunk of `bytes` with a byte to escape starts, or `None` when all are kept.
/// Chunks of 32 bytes, each tested without a branch: a name or value of a request is one chunk,
/// and a long text that needs escaping is not read in full twice.
#[inline(always)]
fn first_escape_chunk(bytes: &[u8]) -> Option<usize> {
    const CHUNK: usize = 32;
    if bytes.len() <= CHUNK {
        return (!all_kept(bytes)).then_some(0);
    }
    bytes
        .chunks(CHUNK)
        .position(|chunk| !all_kept(chunk))
        .map(|chunk| chunk * CHUNK)
}

/// [`percent_encode`] appended to `out`, without allocating beyond `out`'s growth. Most names and
/// values need no escape: they are tested and copied whole, inline at the call site (a call each
/// would cost more than the test for the short texts of a request); otherwise each run of kept
/// bytes is copied as one slice.
#[inline]
pub fn percent_encode_into(out: &mut String, text: &str) {
    match first_escape_chunk(text.as_bytes()) {
        None => out.push_str(text),
        Some(from) => escape_into(out, text, from),
    }
}

/// The escaping half of [`percent_encode_into`]: the bytes before `from` are kept ASCII.
#[inline(never)]
fn escape_into(out: &mut String, text: &str, from: usize) {
    for_each_piece(text, from, |piece| match piece {
        Piece::Kept(run) => out.push_str(run),
        Piece::Escape(escape) => out.push_str(escape),
    });
}

/// A piece of a text's percent-encoding: a run of kept bytes, or one byte's `%XY`.
enum Piece<'a> {
    Kept(&'a str),
    Escape(&'static str),
}

/// Calls `push` with the pieces of `text`'s percent-encoding in order, each run of kept bytes as
/// one piece; the bytes before `from` are kept ASCII (they start the first run).
#[inline(always)]
fn for_each_piece<'a>(text: &'a str, from: usize, mut push: impl FnMut(Piece<'a>)) {
    let mut run_start = 0;
    for (at_byte, &byte) in text.as_bytes().iter().enumerate().skip(from) {
        if !UNRESERVED[usize::from(byte)] {
            // A non-empty run holds only kept (ASCII) bytes, so both of its ends are char
            // boundaries; an empty one may start inside a multi-byte character and is skipped.
            if at_byte > run_start {
                push(Piece::Kept(&text[run_start..at_byte]));
            }
            let at = 3 * usize::from(byte);
            push(Piece::Escape(&ESCAPES[at..at + 3]));
            run_start = at_byte + 1;
        }
    }
    // `run_start` is 0 or just past an escaped byte; the tail is kept ASCII bytes, or empty, so
    // slicing here never splits a character either.
    if run_start < text.len() {
        push(Piece::Kept(&text[run_start..]));
    }
}

/// Appends `percentEncode(text)` to `once` and `percentEncode(percentEncode(text))` to `twice`,
/// in one pass: V1 sends a parameter encoded once and signs it encoded twice. Encoding again only
/// changes the `%` of each escape, so an escape `%XY` is `%25XY` in `twice`; kept bytes are the
/// same in both.
#[inline]
pub(crate) fn percent_encode_twice_into(once: &mut String, twice: &mut String, text: &str) {
    match first_escape_chunk(text.as_bytes()) {
        None => {
            once.push_str(text);
            twice.push_str(text);
        }
        Some(from) => escape_twice_into(once, twice, text, from),
    }
}

/// The escaping half of [`percent_encode_twice_into`]: the bytes before `from` are kept ASCII.
#[inline(never)]
fn escape_twice_into(once: &mut String, twice: &mut String, text: &str, from: usize) {
    // Inlined: as a call per piece it costs more than the copies it makes.
    for_each_piece(
        text,
        from,
        #[inline(always)]
        |piece| match piece {
            Piece::Kept(run) => {
                once.push_str(run);
                twice.push_str(run);
            }
            Piece::Escape(escape) => {
                once.push_str(escape);
                twice.push_str("%25");
                twice.push_str(&escape[1..]);
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    // Encoder inputs and outputs published with the official SDKs' tests.
    #[test]
    fn percent_encoding_vectors() {
        let cases = [
            (
                "123abc!@#$%^&*()-=_+ ~|\\/",
                "123abc%21%40%23%24%25%5E%26%2A%28%29-%3D_%2B%20~%7C%5C%2F",
            ),
            (" ~/*-+", "%20~%2F%2A-%2B"),
            ("a/b/c/ test", "a%2Fb%2Fc%2F%20test"),
            ("str'str(str)str*str", "str%27str%28str%29str%2Astr"),
            ("你", "%E4%BD%A0"),
            ("2016-02-23T12:46:24Z", "2016-02-23T12%3A46%3A24Z"),
        ];
        for (input, expected) in cases {
            assert_eq!(percent_encode(input), expected, "input {input:?}");
        }
    }

    // The table encoder against the `percent-encoding` crate over every char class: ASCII,
    // multi-byte characters at the start, middle and end, and already-encoded text.
    #[test]
    fn table_encoder_matches_reference() {
        const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'_')
            .remove(b'.')
            .remove(b'~');
        let mut all_ascii = String::new();
        for byte in 0u8..128 {
            all_ascii.push(char::from(byte));
        }
        let inputs = [
            all_ascii.as_str(),
            "",
            "你好",
            "a你b好c",
            "x€",
            "€x",
            "%E4%BD%A0=1&b=2",
            "2016-02-23T12%3A46%3A24Z",
            "emoji 😀 end",
        ];
        // An escape at every position of texts of every length up to 70 (past two chunks).
        let mut around_chunks = Vec::new();
        for len in 1..=70 {
            for at in 0..len {
                let mut text: Vec<char> = "a".repeat(len).chars().collect();
                text[at] = if at % 2 == 0 { ' ' } else { '名' };
                around_chunks.push(text.into_iter().collect::<String>());
            }
            around_chunks.push("Z".repeat(len));
        }
        for input in inputs
            .iter()
            .copied()
            .chain(around_chunks.iter().map(String::as_str))
        {
            let reference = percent_encoding::utf8_percent_encode(input, SET).to_string();
            assert_eq!(percent_encode(input), reference, "input {input:?}");
            let mut appended = String::from("prefix&");
            percent_encode_into(&mut appended, input);
            assert_eq!(appended, format!("prefix&{reference}"));
            let (mut once, mut twice) = (String::from("a"), String::from("b"));
            percent_encode_twice_into(&mut once, &mut twice, input);
            assert_eq!(once, format!("a{reference}"));
            assert_eq!(twice, format!("b{}", percent_encode(&reference)));
        }
    }
}
