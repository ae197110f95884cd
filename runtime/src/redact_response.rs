//! What a decode error may show of a response body whose operation has secret members
//! ([`crate::Operation::SENSITIVE_RESPONSE`]).
//!
//! A body reaches a decode error because it is not what the decoder expected: trailing bytes, a
//! cut, a wrong type, XML where JSON was asked for. Its structure cannot be trusted, so secret
//! values are found by a tolerant textual scan rather than by parsing: a JSON `"Name"` followed
//! by `:` and a value (a string, an object, an array, or anything else up to the next `,`, `}` or
//! `]`), and an XML `<Name ...>...</Name>` element. Only the last segment of each sensitive name
//! is compared (case-insensitively, at any depth), so a member of that name anywhere counts. A
//! value cut off by the end of the body is replaced up to the end.
//!
//! The scan then checks itself: every place where a sensitive name appears as a word must be a
//! key or tag it handled, or lie inside a value it replaced. When one does not (a key inside a
//! string holding JSON text, an unbalanced quote that hid a key, a stray closing tag), the scan
//! is not sure what it missed and the whole body is withheld.

use std::ops::Range;

/// What a secret value becomes.
const REDACTED: &str = "<redacted>";

/// The member names a scan looks for: the last segment of each sensitive name, empty ones left
/// out.
pub(crate) fn member_names<'a>(sensitive: &[&'a str]) -> Vec<&'a str> {
    sensitive
        .iter()
        .filter_map(|name| name.rsplit('.').next())
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .collect()
}

/// `text` with the values of the members named `names` (last segments, see [`member_names`])
/// replaced by `<redacted>`; `None` when the scan cannot be sure it found them all.
pub(crate) fn redact(text: &str, names: &[&str]) -> Option<String> {
    if names.is_empty() {
        return Some(text.to_owned());
    }
    let mut scan = Scan {
        text,
        bytes: text.as_bytes(),
        names,
        keys: Vec::new(),
        values: Vec::new(),
    };
    scan.json();
    scan.xml();
    let values = merged(std::mem::take(&mut scan.values));
    if !scan.all_accounted_for(&values) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for value in &values {
        out.push_str(&text[at..value.start]);
        out.push_str(REDACTED);
        at = value.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// One scan of one body. Every range starts and ends at an ASCII byte or at the end of the text,
/// so it is always a valid `str` range.
struct Scan<'a> {
    text: &'a str,
    bytes: &'a [u8],
    names: &'a [&'a str],
    /// Where a sensitive name was found as a key or a tag name.
    keys: Vec<Range<usize>>,
    /// The values to replace.
    values: Vec<Range<usize>>,
}

impl Scan<'_> {
    fn is_sensitive(&self, name: &str) -> bool {
        self.names
            .iter()
            .any(|wanted| wanted.eq_ignore_ascii_case(name))
    }

    /// JSON: every string followed by `:` is a key.
    fn json(&mut self) {
        let b = self.bytes;
        let mut i = 0;
        while i < b.len() {
            if b[i] != b'"' {
                i += 1;
                continue;
            }
            let (end, closed) = string_end(b, i);
            if !closed {
                // A cut inside a string: nothing follows it. A sensitive name hidden in it is
                // caught by the check.
                return;
            }
            let colon = skip_whitespace(b, end);
            if colon < b.len()
                && b[colon] == b':'
                && self.is_sensitive(&json_key(&self.text[i..end]))
            {
                self.keys.push(i..end);
                let start = skip_whitespace(b, colon + 1);
                let (value, resume) = json_value(b, start);
                if !value.is_empty() {
                    self.values.push(value);
                }
                i = resume;
                continue;
            }
            i = end;
        }
    }

    /// XML: `<Name ...>` up to its matching `</Name>`, names compared without their prefix.
    fn xml(&mut self) {
        let b = self.bytes;
        let mut i = 0;
        while let Some(found) = memchr::memchr(b'<', &b[i..]) {
            let open = i + found;
            i = open + 1;
            let Some(tag) = tag_at(self.text, open) else {
                continue;
            };
            if tag.closing || !self.is_sensitive(local_name(&self.text[tag.name.clone()])) {
                continue;
            }
            self.keys.push(tag.name.clone());
            let Some(content_start) = tag.end else {
                // A start tag cut off or broken: whatever follows is the value.
                self.values.push(tag.name.end..b.len());
                return;
            };
            if tag.self_closing {
                i = content_start;
                continue;
            }
            match self.closing_tag(local_name(&self.text[tag.name.clone()]), content_start) {
                Some((close, after)) => {
                    if close > content_start {
                        self.values.push(content_start..close);
                    }
                    i = after;
                }
                None => {
                    // No end tag: the value runs to the end of the body.
                    if content_start < b.len() {
                        self.values.push(content_start..b.len());
                    }
                    return;
                }
            }
        }
    }

    /// The `</Name>` that closes an element of local name `name` whose content starts at `from`
    /// (elements of the same name nested in it counted): where it starts and where it ends.
    fn closing_tag(&mut self, name: &str, from: usize) -> Option<(usize, usize)> {
        let b = self.bytes;
        let mut depth = 1usize;
        let mut i = from;
        while let Some(found) = memchr::memchr(b'<', &b[i..]) {
            let at = i + found;
            i = at + 1;
            let Some(tag) = tag_at(self.text, at) else {
                continue;
            };
            if !local_name(&self.text[tag.name.clone()]).eq_ignore_ascii_case(name) {
                continue;
            }
            if tag.closing {
                depth -= 1;
                if depth == 0 {
                    self.keys.push(tag.name.clone());
                    return Some((at, tag.end.unwrap_or(b.len())));
                }
            } else if !tag.self_closing {
                depth += 1;
            }
        }
        None
    }

    /// Whether every whole-word occurrence of a sensitive name is a handled key or tag, or lies
    /// inside a replaced value.
    fn all_accounted_for(&self, values: &[Range<usize>]) -> bool {
        let lower = self.text.to_ascii_lowercase().into_bytes();
        let covered = |at: &Range<usize>| {
            self.keys
                .iter()
                .chain(values)
                .any(|range| range.start <= at.start && at.end <= range.end)
        };
        self.names.iter().all(|name| {
            let name = name.to_ascii_lowercase();
            let mut from = 0;
            while let Some(found) = memchr::memmem::find(&lower[from..], name.as_bytes()) {
                let at = from + found..from + found + name.len();
                from = at.start + 1;
                let word_before = at.start > 0 && is_word(lower[at.start - 1]);
                let word_after = at.end < lower.len() && is_word(lower[at.end]);
                if !word_before && !word_after && !covered(&at) {
                    return false;
                }
            }
            true
        })
    }
}

fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn skip_whitespace(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The end (after the closing quote) of the JSON string that opens at `open`, and whether it is
/// closed at all.
fn string_end(b: &[u8], open: usize) -> (usize, bool) {
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return (i + 1, true),
            _ => i += 1,
        }
    }
    (b.len(), false)
}

/// A key's text with its escapes undone (`"Plain\u0074ext"` is `Plaintext`); as written when it
/// does not parse.
fn json_key(quoted: &str) -> String {
    serde_json::from_str::<String>(quoted).unwrap_or_else(|_| quoted[1..quoted.len() - 1].into())
}

/// The range to replace of the JSON value that starts at `start` (a string's content, a whole
/// object or array, or a run of anything else up to the next `,`, `}` or `]`), and where the
/// scan goes on. Whatever is cut off or odd runs to the end of the text.
fn json_value(b: &[u8], start: usize) -> (Range<usize>, usize) {
    let to_the_end = (start.min(b.len())..b.len(), b.len());
    if start >= b.len() {
        return to_the_end;
    }
    match b[start] {
        b'"' => match string_end(b, start) {
            (end, true) => (start + 1..end - 1, end),
            (_, false) => (start + 1..b.len(), b.len()),
        },
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = start;
            while i < b.len() {
                match b[i] {
                    b'"' => {
                        let (end, closed) = string_end(b, i);
                        if !closed {
                            return to_the_end;
                        }
                        i = end;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return (start..i + 1, i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            to_the_end
        }
        _ => {
            let mut end = start;
            while end < b.len() && !matches!(b[end], b',' | b'}' | b']') {
                end += 1;
            }
            // A quote, a bracket or a colon in a bare value: not JSON any more, so nothing after
            // it is known to be outside the value.
            if b[start..end]
                .iter()
                .any(|c| matches!(c, b'"' | b'{' | b'[' | b':'))
            {
                return to_the_end;
            }
            let resume = end;
            while end > start && b[end - 1].is_ascii_whitespace() {
                end -= 1;
            }
            (start..end, resume)
        }
    }
}

/// An XML tag: `<Name`, `</Name`, with where its name is and where the tag ends.
struct Tag {
    name: Range<usize>,
    closing: bool,
    self_closing: bool,
    /// After the `>`; `None` when the text ends first, or another tag starts first.
    end: Option<usize>,
}

/// The tag that starts with the `<` at `open`, if a name follows it.
fn tag_at(text: &str, open: usize) -> Option<Tag> {
    let b = text.as_bytes();
    let mut i = open + 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let start = i;
    while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'>' | b'/' | b'<') {
        i += 1;
    }
    if i == start || !(b[start].is_ascii_alphabetic() || b[start] == b'_' || b[start] >= 0x80) {
        return None;
    }
    let name = start..i;
    // A `<` before the `>`: the tag is broken, and its end unknown.
    let gt = memchr::memchr2(b'>', b'<', &b[i..])
        .map(|found| i + found)
        .filter(|&at| b[at] == b'>');
    Some(Tag {
        name,
        closing,
        self_closing: gt.is_some_and(|gt| b[gt - 1] == b'/'),
        end: gt.map(|gt| gt + 1),
    })
}

/// `Plaintext` of `kms:Plaintext`.
fn local_name(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Ranges sorted and joined where they overlap or touch.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|range| range.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match out.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => out.push(range),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, names: &[&str]) -> Option<String> {
        redact(text, &member_names(names))
    }

    #[test]
    fn names_are_last_segments() {
        assert_eq!(
            member_names(&["Credentials.AccessKeySecret", "Plaintext", "", "a."]),
            ["AccessKeySecret", "Plaintext"]
        );
    }

    #[test]
    fn json_values_of_every_kind() {
        let names = &["Plaintext"];
        assert_eq!(
            run(
                r#"{"KeyId":"k","Plaintext":"SECRET","RequestId":"r"}garbage"#,
                names
            )
            .unwrap(),
            r#"{"KeyId":"k","Plaintext":"<redacted>","RequestId":"r"}garbage"#
        );
        assert_eq!(
            run(r#"{"plaintext" : 12345, "A":1}"#, names).unwrap(),
            r#"{"plaintext" : <redacted>, "A":1}"#
        );
        assert_eq!(
            run(r#"{"Plaintext":{"a":["x}",{"b":"]"}]},"A":1}"#, names).unwrap(),
            r#"{"Plaintext":<redacted>,"A":1}"#
        );
        assert_eq!(
            run(r#"{"Plaintext":["s1","s2"]}"#, names).unwrap(),
            r#"{"Plaintext":<redacted>}"#
        );
        assert_eq!(
            run(r#"{"Plaintext":"a\"b\\","A":1}"#, names).unwrap(),
            r#"{"Plaintext":"<redacted>","A":1}"#
        );
        // Escaped key names are read as the decoder reads them.
        assert_eq!(
            run(r#"{"Plain\u0074ext":"SECRET"}"#, names).unwrap(),
            r#"{"Plain\u0074ext":"<redacted>"}"#
        );
        // Nested, and names that only contain the sensitive one are left alone.
        assert_eq!(
            run(
                r#"{"Data":{"Plaintext":"S"},"PlaintextLength":6,"Plaintexts":"x"}"#,
                names
            )
            .unwrap(),
            r#"{"Data":{"Plaintext":"<redacted>"},"PlaintextLength":6,"Plaintexts":"x"}"#
        );
        // Nothing to redact: the text as it is.
        assert_eq!(run(r#"{"A":"b"}"#, names).unwrap(), r#"{"A":"b"}"#);
        assert_eq!(run(r#"{"A":"b"}"#, &[]).unwrap(), r#"{"A":"b"}"#);
    }

    #[test]
    fn a_whole_object_is_covered() {
        let out = run(
            r#"{"Credentials":{"AccessKeyId":"STS.x","AccessKeySecret":"SEC","SecurityToken":"TOK"},"RequestId":"r"}"#,
            &["Credentials"],
        )
        .unwrap();
        assert_eq!(out, r#"{"Credentials":<redacted>,"RequestId":"r"}"#);
        let out = run(
            r#"{"Credentials":{"AccessKeyId":"STS.x","AccessKeySecret":"SEC","SecurityToken":"TOK"}} x"#,
            &["Credentials.AccessKeySecret", "Credentials.SecurityToken"],
        )
        .unwrap();
        assert_eq!(
            out,
            r#"{"Credentials":{"AccessKeyId":"STS.x","AccessKeySecret":"<redacted>","SecurityToken":"<redacted>"}} x"#
        );
    }

    #[test]
    fn cut_or_odd_values_are_replaced_to_the_end() {
        let names = &["Plaintext"];
        for (body, expected) in [
            (
                r#"{"A":1,"Plaintext":"SECR"#,
                r#"{"A":1,"Plaintext":"<redacted>"#,
            ),
            (r#"{"Plaintext":{"a":"SEC"#, r#"{"Plaintext":<redacted>"#),
            (r#"{"Plaintext":[1,2"#, r#"{"Plaintext":<redacted>"#),
            (
                r#"{"Plaintext":SECRET garbage"#,
                r#"{"Plaintext":<redacted>"#,
            ),
            (
                r#"{"Plaintext":SEC"RET","A":1}"#,
                r#"{"Plaintext":<redacted>"#,
            ),
            (r#"{"Plaintext":"#, r#"{"Plaintext":"#),
        ] {
            assert_eq!(run(body, names).unwrap(), expected, "{body}");
        }
    }

    #[test]
    fn xml_elements() {
        let names = &["Plaintext"];
        assert_eq!(
            run(
                "<?xml version=\"1.0\"?><DecryptResponse><KeyId>k</KeyId><Plaintext>SECRET</Plaintext><RequestId>r</RequestId></DecryptResponse>trailing",
                names
            )
            .unwrap(),
            "<?xml version=\"1.0\"?><DecryptResponse><KeyId>k</KeyId><Plaintext><redacted></Plaintext><RequestId>r</RequestId></DecryptResponse>trailing"
        );
        assert_eq!(
            run(
                "<r><kms:plaintext a=\"1\">S<b/>T</kms:plaintext ><Plaintext/></r>",
                names
            )
            .unwrap(),
            "<r><kms:plaintext a=\"1\"><redacted></kms:plaintext ><Plaintext/></r>"
        );
        assert_eq!(
            run(
                "<r><Plaintext><Plaintext>S</Plaintext>T</Plaintext>x</r>",
                names
            )
            .unwrap(),
            "<r><Plaintext><redacted></Plaintext>x</r>"
        );
        // Cut inside the element or its start tag.
        assert_eq!(
            run("<r><Plaintext>SECR", names).unwrap(),
            "<r><Plaintext><redacted>"
        );
        assert_eq!(
            run("<r><Plaintext attr=\"SECR", names).unwrap(),
            "<r><Plaintext<redacted>"
        );
        assert_eq!(
            run("<r><Plaintext SECRET<b>x</b></Plaintext>", names).unwrap(),
            "<r><Plaintext<redacted>"
        );
        // XML quoted inside a JSON string.
        assert_eq!(
            run(r#"{"Message":"<Plaintext>S</Plaintext>"}"#, names).unwrap(),
            r#"{"Message":"<Plaintext><redacted></Plaintext>"}"#
        );
    }

    #[test]
    fn unsure_scans_withhold_the_body() {
        let names = &["Plaintext"];
        // JSON text inside a string: the key is escaped, not a key of the body.
        assert_eq!(run(r#"{"Data":"{\"Plaintext\":\"S\"}"}"#, names), None);
        // An unbalanced quote hides the key.
        assert_eq!(run(r#"{"A":"x\"} "Plaintext":"S"}"#, names), None);
        // A stray end tag: what came before it may be the value.
        assert_eq!(run("SECRET</Plaintext>", names), None);
        // The name in free text.
        assert_eq!(run("Plaintext=SECRET&x=1", names), None);
        assert_eq!(run(r#"{"Message":"bad Plaintext"}"#, names), None);
        // But not as part of another word.
        assert!(run(r#"{"Message":"bad Plaintexts"}"#, names).is_some());
    }

    /// Every prefix of bodies holding a secret (`Q`, found nowhere else), with odd endings: the
    /// secret never survives, whether redacted or withheld.
    #[test]
    fn no_cut_or_ending_leaks_the_value() {
        let bodies = [
            r#"{"KeyId":"k","Plaintext":"QQ\"QQ","RequestId":"r"}"#,
            "{\n  \"plaintext\" :\n  QQQQ ,\n  \"A\": 1\n}",
            r#"{"Data":{"Plaintext":{"a":["QQ","}Q{"],"b":{"c":"Q]"}}},"N":2}"#,
            r#"[{"Plaintext":["QQ",{"x":"QQ"}]},{"Plaintext":"QQ"}]"#,
            "<R><Id>1</Id><Plaintext>QQ<i>Q</i>Q</Plaintext><Plaintext a=\"1\">QQ</Plaintext></R>",
            r#"{"Message":"<Plaintext>QQ</Plaintext>","Plaintext":"QQ"}"#,
            r#"{"Plain\u0074ext":"QQQ","Other":"x"}"#,
        ];
        let endings = [
            "",
            "garbage",
            "}",
            "\"",
            "<",
            "]]",
            "</Plaintext>",
            "\"x\":1}",
        ];
        for body in bodies {
            for cut in (0..=body.len()).filter(|&cut| body.is_char_boundary(cut)) {
                for ending in endings {
                    let text = format!("{}{ending}", &body[..cut]);
                    if let Some(out) = run(&text, &["Plaintext"]) {
                        assert!(!out.contains('Q'), "{text:?} gave {out:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn non_ascii_text_is_kept_whole() {
        let out = run(
            r#"{"名前":"値","Plaintext":"秘密","x":"é"}"#,
            &["Plaintext"],
        )
        .unwrap();
        assert_eq!(out, r#"{"名前":"値","Plaintext":"<redacted>","x":"é"}"#);
    }
}
