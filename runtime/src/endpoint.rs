//! Where a request goes: an explicit endpoint, or the product's rule applied to the region.

use std::ops::Range;

use url::Url;

use crate::error::ConfigError;
use crate::service::EndpointRule;

/// A resolved endpoint: scheme, host and port, path `/`. A URL with another path is refused.
///
/// The service root's URL (`scheme://authority/`) is written once, when the endpoint is made,
/// so that building a request's URL is a copy instead of a `format!` on every attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: Url,
    /// `scheme://authority/`, derived from `url`.
    root: String,
    /// Where the authority lies in `root`.
    authority: Range<usize>,
}

impl Endpoint {
    /// Parses a user-given endpoint: a bare host (`linkwan.cn-shanghai.aliyuncs.com`, HTTPS), a
    /// `host:port`, or a full `http://` / `https://` URL (for proxies and local test servers).
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let text = text.trim();
        let bad =
            |why: &str| ConfigError::invalid_endpoint(format!("invalid endpoint {text:?}: {why}"));
        if text.is_empty() {
            return Err(bad("empty"));
        }
        let with_scheme = if text.contains("://") {
            text.to_owned()
        } else {
            format!("https://{text}")
        };
        let url = Url::parse(&with_scheme).map_err(|e| bad(&e.to_string()))?;
        if url.scheme() != "https" && url.scheme() != "http" {
            return Err(bad("the scheme must be http or https"));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(bad("no host"));
        }
        if url.query().is_some()
            || url.fragment().is_some()
            || !url.username().is_empty()
            || url.password().is_some()
        {
            return Err(bad("an endpoint is a scheme, host and port only"));
        }
        // Every request names its own path (`/` for RPC, the operation's for ROA); a base path
        // would be silently dropped, so it is refused instead.
        if url.path() != "/" {
            return Err(bad(&format!(
                "the path {:?} is not supported: an endpoint is a scheme, host and port only \
                 (requests go to `/` or to the ROA operation's own path)",
                url.path()
            )));
        }
        let host = url.host_str().unwrap_or_default();
        let mut root = String::with_capacity(url.scheme().len() + 3 + host.len() + 7);
        root.push_str(url.scheme());
        root.push_str("://");
        let start = root.len();
        root.push_str(host);
        if let Some(port) = url.port() {
            root.push(':');
            root.push_str(&port.to_string());
        }
        let authority = start..root.len();
        root.push('/');
        Ok(Endpoint {
            url,
            root,
            authority,
        })
    }

    /// `https://<host>` for a host from the product's rule.
    fn https(host: &str) -> Result<Self, ConfigError> {
        Self::parse(&format!("https://{host}"))
    }

    /// The host and, when not the scheme's default, the port: the `Host` header's value.
    pub fn authority(&self) -> String {
        self.root[self.authority.clone()].to_owned()
    }

    /// The URL of the service root, `scheme://authority/`.
    pub fn base_url(&self) -> String {
        self.root.clone()
    }

    /// `scheme://authority` followed by `path` (which starts with `/` and is escaped already),
    /// in a buffer with room for `room` more bytes (the query, say: growing it would reallocate),
    /// and where the authority (the `host` header's value) lies in it.
    pub(crate) fn url_with_path(&self, path: &str, room: usize) -> (String, Range<usize>) {
        let origin = &self.root[..self.root.len() - 1];
        let mut url = String::with_capacity(origin.len() + path.len() + room);
        url.push_str(origin);
        url.push_str(path);
        (url, self.authority.clone())
    }
}

/// Resolves the endpoint of a product: an explicit endpoint always wins; else the region's entry
/// in the product's host map; else `<prefix>.<region>.aliyuncs.com` for a regional product or
/// `<prefix>.aliyuncs.com` for a central one. A regional product with no region is an error.
pub fn resolve(
    explicit: Option<&Endpoint>,
    rule: &EndpointRule,
    product: &str,
    region: Option<&str>,
) -> Result<Endpoint, ConfigError> {
    if let Some(endpoint) = explicit {
        return Ok(endpoint.clone());
    }
    if let Some(region) = region {
        if let Some((_, host)) = rule.hosts.iter().find(|(id, _)| *id == region) {
            return Endpoint::https(host);
        }
        if rule.regional {
            if !is_region_id(region) {
                return Err(ConfigError::invalid_region(format!(
                    "invalid region id {region:?}"
                )));
            }
            return Endpoint::https(&format!("{}.{region}.aliyuncs.com", rule.prefix));
        }
    }
    if rule.regional {
        return Err(ConfigError::missing_region(format!(
            "{product} is a regional product and no region is configured: set one with \
             ClientBuilder::region, ALIBABA_CLOUD_REGION_ID or the aliyun CLI profile's region_id, \
             or give an explicit endpoint"
        )));
    }
    Endpoint::https(&format!("{}.aliyuncs.com", rule.prefix))
}

/// Region ids are lower-case letters, digits and `-` (`cn-shanghai`); anything else would build a
/// wrong host name.
fn is_region_id(region: &str) -> bool {
    !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINKWAN: EndpointRule = EndpointRule {
        prefix: "linkwan",
        regional: true,
        hosts: &[],
    };
    const ECS: EndpointRule = EndpointRule {
        prefix: "ecs",
        regional: false,
        hosts: &[("cn-shanghai", "ecs.cn-shanghai.aliyuncs.com")],
    };

    #[test]
    fn regional_rule() {
        let e = resolve(None, &LINKWAN, "LinkWAN", Some("cn-shanghai")).unwrap();
        assert_eq!(e.base_url(), "https://linkwan.cn-shanghai.aliyuncs.com/");
        assert_eq!(e.authority(), "linkwan.cn-shanghai.aliyuncs.com");
    }

    #[test]
    fn regional_without_region_is_error() {
        let err = resolve(None, &LINKWAN, "LinkWAN", None).unwrap_err();
        assert!(
            err.to_string().contains("LinkWAN is a regional product"),
            "{err}"
        );
        assert!(resolve(None, &LINKWAN, "LinkWAN", Some("cn/evil")).is_err());
    }

    #[test]
    fn central_and_host_map() {
        assert_eq!(
            resolve(None, &ECS, "Ecs", None).unwrap().base_url(),
            "https://ecs.aliyuncs.com/"
        );
        assert_eq!(
            resolve(None, &ECS, "Ecs", Some("cn-shanghai"))
                .unwrap()
                .base_url(),
            "https://ecs.cn-shanghai.aliyuncs.com/"
        );
        assert_eq!(
            resolve(None, &ECS, "Ecs", Some("us-west-1"))
                .unwrap()
                .base_url(),
            "https://ecs.aliyuncs.com/"
        );
    }

    #[test]
    fn explicit_wins() {
        let explicit = Endpoint::parse("http://127.0.0.1:8080").unwrap();
        let e = resolve(Some(&explicit), &LINKWAN, "LinkWAN", None).unwrap();
        assert_eq!(e.base_url(), "http://127.0.0.1:8080/");
        assert_eq!(e.authority(), "127.0.0.1:8080");
        assert_eq!(
            Endpoint::parse("example.com").unwrap().base_url(),
            "https://example.com/"
        );
        assert_eq!(
            Endpoint::parse("https://example.com:443")
                .unwrap()
                .authority(),
            "example.com"
        );
        assert_eq!(
            Endpoint::parse("https://example.com/").unwrap().base_url(),
            "https://example.com/"
        );
        for with_path in [
            "https://example.com/api",
            "http://127.0.0.1:8080/v1/",
            "example.com/x",
            "https://example.com//",
        ] {
            let err = Endpoint::parse(with_path).unwrap_err();
            assert_eq!(err.kind(), crate::ConfigErrorKind::InvalidEndpoint);
            assert!(err.to_string().contains("path"), "{err}");
        }
        assert!(Endpoint::parse("ftp://x").is_err());
        assert!(Endpoint::parse("").is_err());
        assert!(Endpoint::parse("http://").is_err());
    }
}
