//! Benchmarks of the generator and the runtime; see BENCHMARKS.md at the repository's top.
//!
//! This library holds what the benches share, so that each input is built the same way every
//! time and can be checked by quick unit tests (which assert behaviour, never timings):
//!
//! - [`corpus`]: the pages codegen reads (the corpus named by `APIGEN_CORPUS`, else the committed
//!   seed page), synthetic renamed copies for the scaling run, and each pipeline stage on its own;
//! - [`descriptions`]: page descriptions of any size that once made doc rendering quadratic;
//! - [`generated`]: the `ListNodeGroups` module emitted at build time from
//!   `fixtures/ListNodeGroups.yaml`;
//! - [`payload`]: the documented `ListNodeGroups` response, typed and scaled to many list items;
//! - [`strict`]: plain serde structs of the same shape, the decoding floor;
//! - [`signing`]: the seed request signed and serialised with fixed nonce and timestamp;
//! - [`paired`]: interleaved timing of two functions, for ratios that hold on a shared machine;
//! - [`loopback`]: a local HTTP server and a bounded load driver for the client.

pub mod corpus;
pub mod descriptions;
pub mod generated;
pub mod loopback;
pub mod paired;
pub mod payload;
pub mod signing;
pub mod strict;

/// True when the process was started by `cargo bench` (criterion's `--bench` flag) rather than
/// by `cargo test --benches`, which runs each benchmark once as a smoke test. Benches use it to
/// pick a small input when only smoke-testing.
pub fn bench_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test")
}

/// Whether a benchmark named `name` is selected by the command line's filter (criterion's
/// positional argument, matched as a substring here), for measurements made outside criterion.
/// No filter selects everything.
pub fn selected(name: &str) -> bool {
    // Criterion's options that take no value; any other option's next argument is its value.
    const FLAGS: [&str; 9] = [
        "--bench",
        "--test",
        "--noplot",
        "--quiet",
        "--verbose",
        "--exact",
        "--list",
        "--ignored",
        "--discard-baseline",
    ];
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut filters = Vec::new();
    for (index, arg) in args.iter().enumerate() {
        let after_value_option = index > 0 && {
            let previous = &args[index - 1];
            previous.starts_with('-') && !FLAGS.contains(&previous.as_str())
        };
        if !arg.starts_with('-') && !after_value_option {
            filters.push(arg.as_str());
        }
    }
    filters.is_empty() || filters.iter().any(|filter| name.contains(filter))
}
