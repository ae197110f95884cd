//! Whether an operation is safe to repeat, decided from what its page shows: an idempotency
//! token among its parameters, else an action that only reads.

use crate::spec::model::{HttpBinding, HttpMethod, Idempotency, Member, Style, Type};

/// Action-name prefixes of operations that only read. A prefix counts when the name ends there
/// or goes on with an upper-case letter or a digit: `DescribeInstances`, not `Getaway`.
const READ_ONLY_PREFIXES: &[&str] = &["Describe", "List", "Get", "Query", "Check"];

/// The operation's idempotency: a token parameter (an optional top-level string named
/// `ClientToken`, any case, that the client fills in when the caller does not), else read-only
/// by its action name or as an ROA `GET`, else none.
pub fn decide(action: &str, http: &HttpBinding, request: &[Member]) -> Idempotency {
    let token = request.iter().find(|m| {
        m.name.eq_ignore_ascii_case("ClientToken")
            && m.ty == Type::String
            && !m.required
            && !m.payload
    });
    if let Some(token) = token {
        return Idempotency::Token(token.name.clone());
    }
    if (http.style == Style::Roa && http.method == HttpMethod::Get) || reads_only(action) {
        Idempotency::ReadOnly
    } else {
        Idempotency::None
    }
}

/// Whether the action's name says it only reads.
fn reads_only(action: &str) -> bool {
    READ_ONLY_PREFIXES.iter().any(|prefix| {
        action.strip_prefix(prefix).is_some_and(|rest| {
            rest.chars()
                .next()
                .is_none_or(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::model::BodyEncoding;

    fn http(style: Style, method: HttpMethod) -> HttpBinding {
        HttpBinding {
            style,
            method,
            path: (style == Style::Roa).then(|| "/x".to_owned()),
            body: BodyEncoding::None,
        }
    }

    fn member(name: &str, ty: Type, required: bool) -> Member {
        Member {
            required,
            ..Member::new(name, ty)
        }
    }

    #[test]
    fn read_only_names_and_roa_gets() {
        let rpc = http(Style::Rpc, HttpMethod::Post);
        for (action, expected) in [
            ("DescribeInstances", true),
            ("ListTagResources", true),
            ("GetUser", true),
            ("QueryDevice", true),
            ("CheckName", true),
            ("Describe", true),
            ("Get2Things", true),
            ("Getaway", false),
            ("Checkout", false),
            ("Listen", false),
            ("CreateInstance", false),
            ("DeleteInstance", false),
            ("Describ", false),
            ("", false),
        ] {
            let found = decide(action, &rpc, &[]);
            assert_eq!(found == Idempotency::ReadOnly, expected, "{action}");
        }
        let get = http(Style::Roa, HttpMethod::Get);
        assert_eq!(decide("InstanceHealth", &get, &[]), Idempotency::ReadOnly);
        let put = http(Style::Roa, HttpMethod::Put);
        assert_eq!(decide("UpdateInstance", &put, &[]), Idempotency::None);
        // An RPC GET is not read-only by its method: RPC products send every action by one.
        let rpc_get = http(Style::Rpc, HttpMethod::Get);
        assert_eq!(decide("CreateThing", &rpc_get, &[]), Idempotency::None);
    }

    #[test]
    fn an_optional_string_token_wins() {
        let rpc = http(Style::Rpc, HttpMethod::Post);
        let token = member("clientToken", Type::String, false);
        assert_eq!(
            decide("CreateInstance", &rpc, std::slice::from_ref(&token)),
            Idempotency::Token("clientToken".to_owned())
        );
        assert_eq!(
            decide("DescribeThing", &rpc, &[token]),
            Idempotency::Token("clientToken".to_owned())
        );
        // One the caller must give, or of another type, is not filled in by the client.
        let required = member("ClientToken", Type::String, true);
        assert_eq!(
            decide("CreateInstance", &rpc, &[required]),
            Idempotency::None
        );
        let number = member("ClientToken", Type::Integer, false);
        assert_eq!(decide("CreateInstance", &rpc, &[number]), Idempotency::None);
    }
}
