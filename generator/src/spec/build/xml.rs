//! A small XML reader for response examples: elements, text and nothing else (attributes,
//! comments, declarations and CDATA markers are skipped). It exists to see the example's
//! element tree; it is not a general XML parser.

/// Deeper nesting than any response has; guards the recursive readers that walk the tree.
const MAX_DEPTH: usize = 64;

/// One element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Tag name.
    pub name: String,
    /// Text directly inside, trimmed.
    pub text: String,
    /// Child elements in order.
    pub children: Vec<Element>,
}

/// Why the text is not XML this reader accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What went wrong.
    pub message: String,
}

/// Parses a sequence of top-level elements (pages sometimes show several without a root).
pub fn parse(text: &str) -> Result<Vec<Element>, XmlError> {
    let mut stack: Vec<Element> = vec![Element {
        name: String::new(),
        text: String::new(),
        children: Vec::new(),
    }];
    let mut rest = text;
    let base = text.len();
    let err = |rest: &str, message: &str| XmlError {
        offset: base - rest.len(),
        message: message.to_string(),
    };
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            push_text(&mut stack, rest);
            break;
        };
        push_text(&mut stack, rest.get(..open).unwrap_or_default());
        rest = rest.get(open..).unwrap_or_default();
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after
                .find("-->")
                .ok_or_else(|| err(rest, "comment never closed"))?;
            rest = after.get(end + 3..).unwrap_or_default();
            continue;
        }
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after
                .find("]]>")
                .ok_or_else(|| err(rest, "CDATA never closed"))?;
            push_text(&mut stack, after.get(..end).unwrap_or_default());
            rest = after.get(end + 3..).unwrap_or_default();
            continue;
        }
        let close = rest
            .find('>')
            .ok_or_else(|| err(rest, "tag never closed"))?;
        let tag = rest.get(1..close).unwrap_or_default();
        rest = rest.get(close + 1..).unwrap_or_default();
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim();
            let element = stack
                .pop()
                .ok_or_else(|| err(rest, "unbalanced closing tag"))?;
            if element.name != name || stack.is_empty() {
                return Err(err(
                    rest,
                    &format!("closing tag `{name}` does not match `{}`", element.name),
                ));
            }
            if let Some(parent) = stack.last_mut() {
                parent.children.push(element);
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let name = tag
            .trim_end_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string();
        if name.is_empty() {
            return Err(err(rest, "empty tag name"));
        }
        let element = Element {
            name,
            text: String::new(),
            children: Vec::new(),
        };
        if stack.len() > MAX_DEPTH {
            return Err(err(rest, "elements nested too deeply"));
        }
        if self_closing {
            if let Some(parent) = stack.last_mut() {
                parent.children.push(element);
            }
        } else {
            stack.push(element);
        }
    }
    if stack.len() != 1 {
        return Err(err("", "element never closed"));
    }
    Ok(stack.pop().map(|root| root.children).unwrap_or_default())
}

fn push_text(stack: &mut [Element], text: &str) {
    let t = text.trim();
    if t.is_empty() {
        return;
    }
    if let Some(top) = stack.last_mut() {
        if !top.text.is_empty() {
            top.text.push(' ');
        }
        top.text.push_str(t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements() {
        let e =
            parse("<?xml version=\"1.0\"?><R a=\"1\"><A>x</A><B/><!-- c --><C><D>1</D></C></R>")
                .unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].children.len(), 3);
        assert_eq!(e[0].children[0].text, "x");
        assert_eq!(e[0].children[2].children[0].name, "D");
        let e = parse("<A>1</A>\n<B>2</B>").unwrap();
        assert_eq!(e.len(), 2);
    }

    #[test]
    fn rejects_broken_xml() {
        assert!(parse("<A><B></A>").is_err());
        assert!(parse("<A>").is_err());
        assert!(parse("</A>").is_err());
        assert!(parse("<A").is_err());
    }
}
