//! Small programs as a user would write them against the generated client: envelope encryption
//! with KMS, an upsert of a DNS record, tagging VPN gateways, the alarm rules of a CloudMonitor
//! namespace with a per-call timeout, and a load balancer created with a parameter its page
//! lacks. Each takes a configured client, so the tests can point it at the loopback server.

use std::time::Duration;

use alibabacloud::cms::latest as cms;
use alibabacloud::dns::latest as dns;
use alibabacloud::kms::latest as kms;
use alibabacloud::runtime::CallOptions;
use alibabacloud::serde_json::json;
use alibabacloud::slb::latest as slb;
use alibabacloud::vpc::latest as vpc;
use alibabacloud::Base64;

/// Encrypts `secret` under `key_id` with an encryption context, then decrypts the blob as the
/// service returned it. Gives the decrypted data, still in its Base64 text.
pub async fn kms_round_trip(
    client: &kms::KmsClient,
    key_id: &str,
    secret: &[u8],
) -> Result<Base64, kms::Error> {
    let context = json!({ "purpose": "backup" });
    let sealed = client
        .encrypt(kms::Encrypt::new(key_id, secret).encryption_context(context.clone()))
        .await?;
    let blob = sealed.ciphertext_blob.unwrap_or_default();
    let opened = client
        .decrypt(kms::Decrypt::new(blob).encryption_context(context))
        .await?;
    Ok(opened.plaintext.unwrap_or_default())
}

/// The ids of every enabled key, page after page, asking the service to filter.
pub async fn enabled_keys(client: &kms::KmsClient) -> Result<Vec<String>, kms::Error> {
    let filters = json!([{ "Key": "KeyState", "Values": ["Enabled"] }]);
    let mut keys = client
        .list_keys_pages(kms::ListKeys::new().filters(filters).page_size(2))
        .items();
    let mut ids = Vec::new();
    while let Some(key) = keys.next().await {
        ids.extend(key?.key_id);
    }
    Ok(ids)
}

/// Points `rr.domain` at `value` with an A record: updates the record when one exists, adds it
/// otherwise. Either call's error is the version's one error type. Gives the record id.
pub async fn upsert_a_record(
    client: &dns::DnsClient,
    domain: &str,
    rr: &str,
    value: &str,
) -> Result<String, dns::Error> {
    let found = client
        .describe_domain_records(
            dns::DescribeDomainRecords::new(domain)
                .rr_key_word(rr)
                .status(dns::Status::Enable),
        )
        .await?;
    let existing = found
        .domain_records
        .record
        .into_iter()
        .find(|r| r.rr.as_deref() == Some(rr));
    let id = match existing.and_then(|r| r.record_id) {
        Some(id) => {
            client
                .update_domain_record(dns::UpdateDomainRecord::new(&id, rr, "A", value))
                .await?;
            id
        }
        None => client
            .add_domain_record(dns::AddDomainRecord::new(domain, rr, "A", value))
            .await?
            .record_id
            .unwrap_or_default(),
    };
    Ok(id)
}

/// Tags every VPN gateway of the client's region with `key=value`, then lists what carries the
/// tag. Gives the ids of the tagged resources.
pub async fn tag_gateways(
    client: &vpc::VpcClient,
    key: &str,
    value: &str,
) -> Result<Vec<String>, vpc::Error> {
    let mut gateways = client
        .describe_vpn_gateways_pages(vpc::DescribeVpnGateways::new())
        .items();
    let mut ids = Vec::new();
    while let Some(gateway) = gateways.next().await {
        ids.extend(gateway?.vpn_gateway_id);
    }
    let tag = vpc::Tag::new().key(key).value(value);
    client
        .tag_resources(
            vpc::TagResources::new(&ids, vpc::ResourceType::VpnGateWay).tag(vec![tag.clone()]),
        )
        .await?;
    let listed = client
        .list_tag_resources(
            vpc::ListTagResources::new(vpc::ResourceType::VpnGateWay).tag(vec![tag]),
        )
        .await?;
    let tagged: vpc::ListTagResourcesTagResources = listed.tag_resources;
    Ok(tagged
        .tag_resource
        .into_iter()
        .filter_map(|r| r.resource_id)
        .collect())
}

/// The names of the alarm rules of `namespace`, over every page of `DescribeMetricRuleList`
/// (its items are `cms::Alarm`s), each call given at most `timeout`.
pub async fn alarm_rules(
    client: &cms::CmsClient,
    namespace: &str,
    timeout: Duration,
) -> Result<Vec<String>, cms::Error> {
    let client = client.with_options(CallOptions::new().total_timeout(timeout));
    let request = cms::DescribeMetricRuleList::new().namespace(namespace);
    let mut alarms = client.describe_metric_rule_list_pages(request).items();
    let mut names = Vec::new();
    while let Some(alarm) = alarms.next().await {
        let alarm: cms::Alarm = alarm?;
        names.extend(alarm.rule_name);
    }
    Ok(names)
}

/// Creates a load balancer in the client's region carrying the tag `key=value`, which the
/// service takes though `CreateLoadBalancer`'s reference page predates it. Gives its id.
pub async fn tagged_load_balancer(
    client: &slb::SlbClient,
    name: &str,
    key: &str,
    value: &str,
) -> Result<Option<String>, slb::Error> {
    let request = slb::CreateLoadBalancer::new()
        .load_balancer_name(name)
        .extra_query("Tag.1.Key", key)
        .extra_query("Tag.1.Value", value);
    Ok(client.create_load_balancer(request).await?.load_balancer_id)
}
