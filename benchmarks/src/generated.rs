//! The `ListNodeGroups` operation as the emitter writes it today.
//!
//! `build.rs` runs the generator on `fixtures/ListNodeGroups.yaml` (a spec derived from the
//! LinkWAN reference page) and the LinkWAN product configuration, so these types never go stale:
//! a change to the emitter changes what is benchmarked.

include!(concat!(env!("OUT_DIR"), "/generated.rs"));
