//! Where in a JSON document a position lies, as a path (`Items[0].Size`).
//!
//! A decode error names the field that failed. Tracking the path while decoding would compile
//! every response type's decoder a second time (per operation, in every user's binary); instead
//! the error's line and column are mapped back to a path by one scan of the body, compiled once.

/// One open container on the way to the position.
enum Frame {
    /// An object, with the key whose value is being read (`None` between members).
    Object(Option<String>),
    /// An array, with the index of the element being read.
    Array(usize),
}

/// The byte offset of a serde_json position: `line` counts from 1, `column` is the byte offset
/// within that line. `None` when the body has fewer lines.
fn offset_of(body: &[u8], line: usize, column: usize) -> Option<usize> {
    let mut start = 0;
    for _ in 1..line {
        start += memchr::memchr(b'\n', &body[start..])? + 1;
    }
    Some((start + column).min(body.len()))
}

/// The path of the value being read at `line`:`column` (as serde_json reports an error), or
/// `None` at the top level or when the position is outside the body.
pub(crate) fn path_at(body: &[u8], line: usize, column: usize) -> Option<String> {
    let end = offset_of(body, line, column)?;
    let mut frames: Vec<Frame> = Vec::new();
    // Inside an object, whether the next string is a key.
    let mut expect_key = false;
    let mut i = 0;
    while i < end {
        match body[i] {
            b'{' => {
                frames.push(Frame::Object(None));
                expect_key = true;
            }
            b'[' => frames.push(Frame::Array(0)),
            b'}' | b']' => {
                frames.pop();
                expect_key = false;
            }
            b',' => match frames.last_mut() {
                Some(Frame::Object(key)) => {
                    *key = None;
                    expect_key = true;
                }
                Some(Frame::Array(index)) => *index += 1,
                None => {}
            },
            b':' => expect_key = false,
            b'"' => {
                let close = string_end(body, i + 1);
                if expect_key {
                    if let Some(Frame::Object(key)) = frames.last_mut() {
                        *key = Some(key_text(&body[i..close.min(body.len())]));
                    }
                    expect_key = false;
                }
                i = close;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &frames {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            // Between members nothing is being read yet: the path ends at the object.
            Frame::Object(None) => break,
            Frame::Array(index) => path.push_str(&format!("[{index}]")),
        }
    }
    (!path.is_empty()).then_some(path)
}

/// The offset just past the string whose text starts at `from` (after its opening quote).
fn string_end(body: &[u8], mut from: usize) -> usize {
    while from < body.len() {
        match body[from] {
            b'\\' => from += 2,
            b'"' => return from + 1,
            _ => from += 1,
        }
    }
    body.len()
}

/// A key's text from its quoted form, escapes resolved when they are valid.
fn key_text(quoted: &[u8]) -> String {
    serde_json::from_slice::<String>(quoted).unwrap_or_else(|_| {
        String::from_utf8_lossy(
            quoted
                .get(1..quoted.len().saturating_sub(1))
                .unwrap_or_default(),
        )
        .into_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path serde_json's own error position maps to, decoding `body` as `T`.
    fn path_of<T: serde::de::DeserializeOwned>(body: &str) -> Option<String> {
        let error = serde_json::from_str::<T>(body)
            .err()
            .expect("the body does not decode");
        path_at(body.as_bytes(), error.line(), error.column())
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Out {
        #[serde(rename = "Items", default)]
        items: Vec<Item>,
        #[serde(rename = "Name", default)]
        name: String,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        #[serde(rename = "Size", default)]
        size: u32,
        #[serde(rename = "Tags", default)]
        tags: Vec<u32>,
    }

    #[test]
    fn names_the_failing_member() {
        assert_eq!(
            path_of::<Out>(r#"{"Items":[{"Size":"big"}]}"#).as_deref(),
            Some("Items[0].Size")
        );
        assert_eq!(
            path_of::<Out>(r#"{"Name":"n","Items":[{"Size":1},{"Size":2,"Tags":[1,"x"]}]}"#)
                .as_deref(),
            Some("Items[1].Tags[1]")
        );
        assert_eq!(path_of::<Out>(r#"{"Name":7}"#).as_deref(), Some("Name"));
    }

    #[test]
    fn reads_across_lines_strings_and_escapes() {
        let body = "{\n  \"Name\": \"a \\\"quoted\\\" , [x] {y}\",\n  \"Items\": [\n    {\"Size\": 1},\n    {\"Size\": -1}\n  ]\n}";
        assert_eq!(path_of::<Out>(body).as_deref(), Some("Items[1].Size"));
        let escaped = r#"{"Items":[{"Size":"x"}],"N\u0061me":1}"#;
        assert_eq!(path_of::<Out>(escaped).as_deref(), Some("Items[0].Size"));
    }

    #[test]
    fn top_level_failures_have_no_path() {
        assert_eq!(path_of::<Out>("<html>oops</html>"), None);
        assert_eq!(path_of::<Out>(r#"{"Name":"n"} trailing"#), None);
        assert_eq!(path_at(b"{}", 5, 0), None);
    }
}
