//! Which members carry secrets: passwords, private keys, plaintexts of encryption APIs, secret
//! keys and credential tokens. The spec records the decision (`sensitive: true`), so generated
//! `Debug` output and the runtime's errors and logs follow what a reviewer sees in the spec.
//!
//! Two signals, the same for every product:
//! - the wire name: words that only ever name a secret (`Password`, `PrivateKey`, `Plaintext`,
//!   `AccessKeySecret`, `SecurityToken`). Identifiers that merely mention one (`SecretName`,
//!   `NextToken`, `ClientToken`, `KeyId`, `KeyPairName`) are not secret;
//! - the description's head: what the first clause says the value *is*. CAS calls its PEM
//!   private key `Key` and says 证书私钥内容; VPN's pre-shared key is `Psk`, 预共享密钥. Only the
//!   head counts, so 密码策略名称 (the name of a password policy) or "The name of the key pair"
//!   stay plain.
//!
//! Numbers and booleans are never secret (`PasswordReusePrevention`, `HasPassword`); neither is
//! a struct by its description (its members are judged one by one). An override sets
//! `sensitive` either way where these rules are wrong.

use crate::spec::model::{Member, Type};

/// Decides `sensitive` for every member of the tree. A member already marked stays marked.
pub fn settle(members: &mut [Member]) {
    for member in members {
        if !member.sensitive && can_hold_secret(&member.ty) {
            member.sensitive = by_name(&member.name) || by_description(&member.description);
        }
        settle(&mut member.members);
    }
}

/// Text-like values, and lists and maps of them.
fn can_hold_secret(ty: &Type) -> bool {
    match ty {
        Type::String | Type::Json | Type::Any => true,
        Type::Array(item) | Type::Map(item) => can_hold_secret(item),
        // A struct is judged member by member: `PasswordPolicy` holds lengths and flags, KMS's
        // `Secret` list holds names and dates.
        Type::Struct | Type::Integer | Type::Long | Type::Float | Type::Double | Type::Boolean => {
            false
        }
    }
}

/// True when a member named `wire` carries a secret value by its name alone.
pub fn by_name(wire: &str) -> bool {
    // `WindowsPasswordName`, `PrivateKeyId`, `PasswordType`: what names or describes a secret
    // is not one.
    const ABOUT: &[&str] = &[
        "Name", "Names", "Id", "Ids", "ID", "Type", "Policy", "Mode", "Status", "Length",
    ];
    if ABOUT.iter().any(|w| {
        wire.strip_suffix(w)
            .is_some_and(|rest| rest.ends_with(|c: char| c.is_ascii_lowercase()))
            || wire
                .to_ascii_lowercase()
                .ends_with(&format!("_{}", w.to_ascii_lowercase()))
    }) {
        return false;
    }
    let name: String = wire
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    const CONTAINS: &[&str] = &["password", "passphrase", "plaintext", "privatekey"];
    const EXACT: &[&str] = &[
        "secretdata",
        "secretvalue",
        "secretstring",
        "accesskeysecret",
        "secretaccesskey",
        "clientsecret",
        "securitytoken",
        "accesstoken",
        "refreshtoken",
        "sessiontoken",
        "bearertoken",
        "oidctoken",
        "secret",
        "token",
    ];
    CONTAINS.iter().any(|w| name.contains(w)) || EXACT.contains(&name.as_str())
}

/// Nouns that, as the head of a Chinese description, name a secret.
const ZH_SECRETS: &[&str] = &["私钥", "密码", "口令", "预共享密钥", "明文"];
/// Trailing words of a Chinese head that say "the content of" rather than what it is.
const ZH_CONTENT: &[&str] = &["文件内容", "内容", "数据", "值", "字符串"];
/// Nouns that, as the head of an English description, name a secret (lower case).
const EN_SECRETS: &[&str] = &[
    "password",
    "passphrase",
    "private key",
    "pre-shared key",
    "preshared key",
    "secret key",
    "accesskey secret",
    "access key secret",
    "accesskeysecret",
    "accesssecret",
    "plaintext",
    "security token",
    "sts token",
];
/// English heads that say "the content of X": X is then what the value is.
const EN_CONTENT: &[&str] = &["content", "contents", "body", "value", "text", "data"];

/// True when the description's first clause says the value is a secret.
pub fn by_description(description: &str) -> bool {
    let clause = first_clause(description);
    if clause.is_empty() {
        return false;
    }
    if clause.is_ascii() {
        english_head(&clause)
    } else {
        chinese_head(&clause)
    }
}

/// The text before the first sentence or clause break, without Markdown emphasis.
fn first_clause(description: &str) -> String {
    let plain: String = description
        .chars()
        .filter(|c| !matches!(c, '*' | '`' | '_'))
        .collect();
    let mut clause = String::new();
    let mut chars = plain.trim().chars().peekable();
    while let Some(c) = chars.next() {
        let ends = match c {
            '。' | '，' | '；' | '：' | '（' | '(' | ';' | ',' | '\n' | '、' => true,
            // A full stop ends the clause, a dot inside a word (`v1.0`) does not.
            '.' | ':' => chars.peek().is_none_or(|n| n.is_whitespace()),
            _ => false,
        };
        if ends {
            break;
        }
        clause.push(c);
    }
    clause.trim().to_string()
}

/// Chinese puts the head noun last: 证书私钥内容 is the content of a private key.
fn chinese_head(clause: &str) -> bool {
    // 是否重置密码 asks whether to reset a password: a flag, not the password.
    if clause.starts_with("是否") {
        return false;
    }
    let mut head = clause.trim_end_matches(['.', ' ']);
    for suffix in ZH_CONTENT {
        if let Some(rest) = head.strip_suffix(suffix) {
            head = rest.trim_end_matches('的');
            break;
        }
    }
    let lower = head.to_ascii_lowercase();
    ZH_SECRETS.iter().any(|s| head.ends_with(s))
        || ["accesskeysecret", "accesssecret", "accesskey secret"]
            .iter()
            .any(|s| lower.ends_with(s))
}

/// English puts the head noun first: "The password of the instance", "The name of the
/// password policy".
fn english_head(clause: &str) -> bool {
    let lower = clause.to_ascii_lowercase();
    let mut words: &str = lower.trim();
    for lead in [
        "specifies ",
        "specify ",
        "indicates ",
        "returns ",
        "the ",
        "a ",
        "an ",
    ] {
        words = words.strip_prefix(lead).unwrap_or(words);
    }
    for lead in ["the ", "a ", "an "] {
        words = words.strip_prefix(lead).unwrap_or(words);
    }
    let head = head_phrase(words);
    if EN_CONTENT
        .iter()
        .any(|c| head == *c || head.ends_with(&format!(" {c}")))
    {
        // "The content of the private key": judge what follows "of".
        if let Some(rest) = words.split_once(" of ").map(|(_, r)| r) {
            let rest = rest.trim_start_matches("the ").trim_start_matches("a ");
            return names_secret(head_phrase(rest));
        }
        return false;
    }
    names_secret(head)
}

/// The noun phrase before the first preposition or relative word.
fn head_phrase(words: &str) -> &str {
    const BREAKS: &[&str] = &[
        " of ", " for ", " that ", " which ", " used ", " to ", " in ", " with ", " when ", " is ",
        " if ", " from ", " on ",
    ];
    let end = BREAKS
        .iter()
        .filter_map(|b| words.find(b))
        .min()
        .unwrap_or(words.len());
    words[..end].trim()
}

fn names_secret(head: &str) -> bool {
    EN_SECRETS
        .iter()
        .any(|s| head == *s || head.ends_with(&format!(" {s}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_by_name_and_not_their_identifiers() {
        for secret in [
            "Plaintext",
            "Password",
            "LoginPassword",
            "PrivateKey",
            "SecretData",
            "AccessKeySecret",
            "SecurityToken",
            "OIDCToken",
            "private_key",
        ] {
            assert!(by_name(secret), "{secret}");
        }
        for plain in [
            "SecretName",
            "NextToken",
            "ClientToken",
            "KeyId",
            "CiphertextBlob",
            "TokenId",
            "KeyPairName",
            "WindowsPasswordName",
            "PasswordPolicy",
            "private_key_id",
        ] {
            assert!(!by_name(plain), "{plain}");
        }
    }

    #[test]
    fn secrets_by_the_head_of_the_description() {
        for secret in [
            "指定证书私钥内容。要使用PEM编码格式。",
            "证书私钥内容，为PEM编码格式。",
            "证书私钥。\n\n**说明：** 若传入此参数，则必须同时传入**CertName**。",
            "私钥文件内容",
            "预共享密钥。\n\n用于VPN网关与客户端之间的身份认证。",
            "AccessKeySecret。",
            "安装插件需要的AccessSecret。",
            "实例的登录密码。",
            "The password of the instance.",
            "The private key of the certificate, in PEM format.",
            "The content of the private key.",
            "Specifies the pre-shared key.",
            "The AccessKey secret.",
        ] {
            assert!(by_description(secret), "{secret}");
        }
        for plain in [
            "密码策略名称。",
            "密钥对名称。",
            "实例自定义数据，需要以Base64编码。建议不要明文传入敏感信息，例如密码和私钥等。",
            "是否重置密码。",
            "证书内容，为PEM编码格式。",
            "The name of the password policy.",
            "The ID of the key.",
            "Specifies whether to reset the password.",
            "The name of the key pair.",
            "",
        ] {
            assert!(!by_description(plain), "{plain}");
        }
    }

    #[test]
    fn only_text_holds_a_secret_and_marks_are_kept() {
        let mut key = Member::new("Key", Type::String);
        key.description = "证书私钥内容，为PEM编码格式。".into();
        let mut reuse = Member::new("PasswordReusePrevention", Type::Integer);
        reuse.description = "密码".into();
        let mut profile = Member::new("Password", Type::Struct);
        profile.description = "登录密码".into();
        profile.members = vec![Member::new("Password", Type::String)];
        let mut marked = Member::new("Blob", Type::String);
        marked.sensitive = true;
        let mut members = vec![key, reuse, profile, marked];
        settle(&mut members);
        let flags: Vec<bool> = members.iter().map(|m| m.sensitive).collect();
        assert_eq!(flags, [true, false, false, true]);
        assert!(members[2].members[0].sensitive);
    }
}
