//! How much of the documentation has English text: of the items the generated docs describe
//! (operations, members, documented values, error codes), how many have text at all and how
//! many of those have English text beside the page's own. A measurement for maintainers
//! (a per-product table), not part of any generated file.

use std::ops::AddAssign;

use crate::spec::model::{Member, OperationSpec};

/// Items of one kind: how many have text in either language, and how many of those in English.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Share {
    /// Items with a description (for an operation: a summary or a description) in either
    /// language.
    pub documented: usize,
    /// Of those, the items with English text.
    pub english: usize,
}

impl Share {
    /// Counts one item: `text` and `english` are its texts in the page's language and in English.
    fn count(&mut self, text: &str, english: &str) {
        let has_english = !english.trim().is_empty();
        if has_english || !text.trim().is_empty() {
            self.documented += 1;
        }
        if has_english {
            self.english += 1;
        }
    }

    /// The English share in percent, rounded down; `None` when nothing is documented.
    pub fn percent(&self) -> Option<usize> {
        (self.documented > 0).then(|| self.english * 100 / self.documented)
    }
}

impl AddAssign for Share {
    fn add_assign(&mut self, other: Share) {
        self.documented += other.documented;
        self.english += other.english;
    }
}

/// The shares of each kind of item of a set of specs (one API version, or a whole product).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LanguageShare {
    /// Operations, by their summary and description.
    pub operations: Share,
    /// Request and response members at every depth, by their description.
    pub members: Share,
    /// The documented values of members (each member's list counts on its own), by their
    /// description.
    pub values: Share,
    /// Error codes, by their description.
    pub error_codes: Share,
}

impl LanguageShare {
    /// Every kind together.
    pub fn total(&self) -> Share {
        let mut total = self.operations;
        total += self.members;
        total += self.values;
        total += self.error_codes;
        total
    }
}

impl AddAssign for LanguageShare {
    fn add_assign(&mut self, other: LanguageShare) {
        self.operations += other.operations;
        self.members += other.members;
        self.values += other.values;
        self.error_codes += other.error_codes;
    }
}

/// Counts the documented items of `specs` and those with English text.
pub fn language_share<'a, I>(specs: I) -> LanguageShare
where
    I: IntoIterator<Item = &'a OperationSpec>,
{
    let mut share = LanguageShare::default();
    for spec in specs {
        let text = format!("{}{}", spec.summary, spec.description);
        let english = format!("{}{}", spec.summary_en, spec.description_en);
        share.operations.count(&text, &english);
        // An explicit stack: members nest as deep as a page writes them.
        let mut stack: Vec<&Member> = spec.request.iter().chain(&spec.response).collect();
        while let Some(member) = stack.pop() {
            share
                .members
                .count(&member.description, &member.description_en);
            for value in &member.values {
                share
                    .values
                    .count(&value.description, &value.description_en);
            }
            stack.extend(&member.members);
        }
        for error in &spec.errors {
            share
                .error_codes
                .count(&error.description, &error.description_en);
        }
    }
    share
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::spec::yaml::from_yaml;

    fn spec(body: &str) -> OperationSpec {
        let head = "name: Op\nproduct: P\nversion: '2020-01-01'\nhttp:\n  style: rpc\n  method: POST\nsource:\n  page: p/Op.md\n";
        from_yaml(Path::new("Op.yaml"), &format!("{head}{body}")).unwrap()
    }

    #[test]
    fn counts_each_kind_with_and_without_english() {
        let a = spec(
            "summary: 创建。\nsummary_en: Creates.\nrequest:\n- name: Mode\n  type: string\n  location: query\n  description: 模式。\n  description_en: The mode.\n  values:\n  - value: a\n    description: 甲。\n    description_en: A.\n  - value: b\n    description: 乙。\n  - value: c\nresponse:\n- name: Data\n  type: struct\n  description: 数据。\n  members:\n  - name: Id\n    type: string\n    description: 标识。\n    description_en: The id.\n  - name: Bare\n    type: string\nerrors:\n- code: Bad\n  description: 错误。\n- code: Worse\n  description: 更糟。\n  description_en: Worse.\n",
        );
        let b = spec("description: 只有中文。\n");
        let share = language_share([&a, &b]);
        let of = |documented, english| Share {
            documented,
            english,
        };
        assert_eq!(share.operations, of(2, 1));
        // `Bare` has no text and is not counted; `Id` nested in `Data` is.
        assert_eq!(share.members, of(3, 2));
        assert_eq!(share.values, of(2, 1));
        assert_eq!(share.error_codes, of(2, 1));
        assert_eq!(share.total(), of(9, 5));
        assert_eq!(share.total().percent(), Some(55));
        let mut sum = share;
        sum += language_share([&b]);
        assert_eq!(sum.operations, of(3, 1));
    }

    #[test]
    fn english_alone_counts_and_nothing_gives_no_percent() {
        let only_english = spec("summary_en: Creates.\n");
        let share = language_share([&only_english]);
        assert_eq!(share.operations.documented, 1);
        assert_eq!(share.operations.english, 1);
        assert_eq!(language_share([]).total().percent(), None);
    }
}
