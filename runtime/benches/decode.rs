//! Lenient decoding against strict serde_json on the same payload (the lenient path should stay
//! within 1.5x of the strict one).

// The structs exist to be decoded; their fields are never read.
#![allow(dead_code)]

use std::hint::black_box;

use alibabacloud_runtime::de::{lenient, Nested};
use criterion::{criterion_group, criterion_main, Criterion};
use serde::Deserialize;

mod strict {
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Response {
        pub request_id: String,
        pub success: bool,
        pub total_count: i64,
        pub devices: Vec<Device>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Device {
        pub dev_eui: String,
        pub name: String,
        pub rssi: i32,
        pub snr: f64,
        pub enabled: bool,
        pub last_seen_millis: i64,
        pub tags: Vec<String>,
        pub location: Location,
        pub description: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Location {
        pub latitude: f64,
        pub longitude: f64,
        pub city: String,
    }
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Response {
    #[serde(default, deserialize_with = "lenient")]
    request_id: String,
    #[serde(default, deserialize_with = "lenient")]
    success: bool,
    #[serde(default, deserialize_with = "lenient")]
    total_count: i64,
    #[serde(default, deserialize_with = "lenient")]
    devices: Vec<Device>,
}
impl Nested for Response {}

#[derive(Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Device {
    #[serde(default, deserialize_with = "lenient")]
    dev_eui: String,
    #[serde(default, deserialize_with = "lenient")]
    name: String,
    #[serde(default, deserialize_with = "lenient")]
    rssi: i32,
    #[serde(default, deserialize_with = "lenient")]
    snr: f64,
    #[serde(default, deserialize_with = "lenient")]
    enabled: bool,
    #[serde(default, deserialize_with = "lenient")]
    last_seen_millis: i64,
    #[serde(default, deserialize_with = "lenient")]
    tags: Vec<String>,
    #[serde(default, deserialize_with = "lenient")]
    location: Location,
    #[serde(default, deserialize_with = "lenient")]
    description: Option<String>,
}
impl Nested for Device {}

#[derive(Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Location {
    #[serde(default, deserialize_with = "lenient")]
    latitude: f64,
    #[serde(default, deserialize_with = "lenient")]
    longitude: f64,
    #[serde(default, deserialize_with = "lenient")]
    city: String,
}
impl Nested for Location {}

fn payload() -> Vec<u8> {
    let devices: Vec<serde_json::Value> = (0..500)
        .map(|i| {
            serde_json::json!({
                "DevEui": format!("00{i:014X}"),
                "Name": format!("device number {i}"),
                "Rssi": -70 - (i % 40),
                "Snr": 7.25 + f64::from(i % 10),
                "Enabled": i % 2 == 0,
                "LastSeenMillis": 1_700_000_000_000i64 + i64::from(i),
                "Tags": ["a", "b", format!("t{i}")],
                "Location": {"Latitude": 31.2304, "Longitude": 121.4737, "City": "Shanghai"},
                "Description": if i % 3 == 0 { serde_json::Value::Null } else { serde_json::json!("some text here") },
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "RequestId": "89EF6CAA-958F-F32C-BE45-FE003C6DE097",
        "Success": true,
        "TotalCount": 500,
        "Devices": devices,
    }))
    .unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let body = payload();
    let mut group = c.benchmark_group("decode_500_devices");
    group.bench_function("strict_serde_json", |b| {
        b.iter(|| {
            serde_json::from_slice::<strict::Response>(black_box(&body)).map(|r| r.devices.len())
        })
    });
    group.bench_function("lenient", |b| {
        b.iter(|| serde_json::from_slice::<Response>(black_box(&body)).map(|r| r.devices.len()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
