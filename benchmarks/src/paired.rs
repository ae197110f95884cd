//! Interleaved timing of two functions, for the ratios the budgets are written in.
//!
//! Criterion times one benchmark after another, so on a shared machine a ratio of two of its
//! figures also measures how the load changed between them. Here the two sides alternate in short
//! batches (A then B, then B then A, ...), each round yields the ratio of its two batch times, and
//! the median of those ratios is the figure: a round slowed by another process moves one ratio,
//! not the result. Each side still runs its whole function on every call; nothing is hoisted out
//! of the timed loop.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// How long each side's batch runs, about: long against the timer's resolution, short against
/// the scheduler's time slice, so most rounds run undisturbed.
const BATCH_TARGET: Duration = Duration::from_millis(1);

/// The result of [`compare`]: per-call times and the ratio A/B.
#[derive(Debug, Clone, PartialEq)]
pub struct Paired {
    /// Rounds measured (each one batch of A and one batch of B).
    pub rounds: usize,
    /// Calls per batch.
    pub batch: u32,
    /// Median time of one call of A, in nanoseconds.
    pub a_ns: f64,
    /// Median time of one call of B, in nanoseconds.
    pub b_ns: f64,
    /// Median of the per-round ratios A/B.
    pub ratio: f64,
    /// First and third quartile of the per-round ratios.
    pub ratio_quartiles: (f64, f64),
}

impl Paired {
    /// One line for the benchmark's output: `name: A x ns, B y ns, ratio r (quartiles)`.
    pub fn line(&self, name: &str, a: &str, b: &str) -> String {
        format!(
            "{name}: {a} {}, {b} {} per call; {a}/{b} {:.3} (quartiles {:.3}-{:.3}), median of {} interleaved rounds of {} calls",
            format_ns(self.a_ns),
            format_ns(self.b_ns),
            self.ratio,
            self.ratio_quartiles.0,
            self.ratio_quartiles.1,
            self.rounds,
            self.batch
        )
    }
}

/// Times `a` against `b` for about `duration` (after a warm-up of a tenth of it), alternating
/// batches of calls. Results are passed through [`black_box`] so that no call is optimised away.
pub fn compare<A, B, RA, RB>(duration: Duration, mut a: A, mut b: B) -> Paired
where
    A: FnMut() -> RA,
    B: FnMut() -> RB,
{
    let batch = calibrate(&mut a).min(calibrate(&mut b)).max(1);
    let mut time_a = |n: u32| {
        let start = Instant::now();
        for _ in 0..n {
            black_box(a());
        }
        start.elapsed()
    };
    let mut time_b = |n: u32| {
        let start = Instant::now();
        for _ in 0..n {
            black_box(b());
        }
        start.elapsed()
    };
    let warm_up = Instant::now();
    while warm_up.elapsed() < duration / 10 {
        time_a(batch);
        time_b(batch);
    }
    let mut ratios = Vec::new();
    let mut a_times = Vec::new();
    let mut b_times = Vec::new();
    let start = Instant::now();
    // At least a few rounds, so a short smoke run still yields quartiles.
    while start.elapsed() < duration || ratios.len() < 8 {
        let (ta, tb) = if ratios.len() % 2 == 0 {
            let ta = time_a(batch);
            (ta, time_b(batch))
        } else {
            let tb = time_b(batch);
            (time_a(batch), tb)
        };
        let (ta, tb) = (ta.as_secs_f64(), tb.as_secs_f64().max(f64::MIN_POSITIVE));
        ratios.push(ta / tb);
        a_times.push(ta);
        b_times.push(tb);
    }
    let per_call = |seconds: f64| seconds * 1e9 / f64::from(batch);
    Paired {
        rounds: ratios.len(),
        batch,
        a_ns: per_call(quantile(&mut a_times, 0.5)),
        b_ns: per_call(quantile(&mut b_times, 0.5)),
        ratio: quantile(&mut ratios, 0.5),
        ratio_quartiles: (quantile(&mut ratios, 0.25), quantile(&mut ratios, 0.75)),
    }
}

/// Calls per batch so that a batch of `f` takes about [`BATCH_TARGET`]: the call count is
/// doubled until a batch is long enough to time, then the fastest of five such batches sets the
/// per-call estimate, so a batch that was preempted does not shrink the batches.
fn calibrate<R>(f: &mut impl FnMut() -> R) -> u32 {
    let mut time = |n: u32| {
        let start = Instant::now();
        for _ in 0..n {
            black_box(f());
        }
        start.elapsed()
    };
    let mut n: u32 = 1;
    while n < 1 << 24 && time(n) < BATCH_TARGET / 8 {
        n *= 2;
    }
    let fastest = (0..5).map(|_| time(n)).min().unwrap_or(BATCH_TARGET);
    let scale = BATCH_TARGET.as_secs_f64() / fastest.as_secs_f64().max(1e-9);
    // The float is positive and bounded by the clamp.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let batch = (f64::from(n) * scale).clamp(1.0, f64::from(1u32 << 24)) as u32;
    batch
}

/// The `q` quantile (0 to 1) of `values`, by the nearest rank; sorts `values`.
fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_unstable_by(f64::total_cmp);
    // In range: `q` is within 0..=1.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let index = ((values.len() - 1) as f64 * q).round() as usize;
    values[index.min(values.len() - 1)]
}

/// `1.23 µs` or `456 ns`.
fn format_ns(ns: f64) -> String {
    if ns >= 1000.0 {
        format!("{:.2} µs", ns / 1000.0)
    } else {
        format!("{ns:.0} ns")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles() {
        let mut values = vec![5.0, 1.0, 3.0, 2.0, 4.0];
        assert_eq!(quantile(&mut values, 0.5), 3.0);
        assert_eq!(quantile(&mut values, 0.25), 2.0);
        assert_eq!(quantile(&mut values, 0.75), 4.0);
        assert!(quantile(&mut [], 0.5).is_nan());
    }

    #[test]
    fn a_function_against_itself_is_near_one() {
        let work = || (0..200u64).map(black_box).sum::<u64>();
        let paired = compare(Duration::from_millis(30), work, work);
        assert!(paired.rounds >= 8);
        assert!(paired.ratio > 0.2 && paired.ratio < 5.0, "{paired:?}");
        assert!(paired.line("x", "a", "b").starts_with("x: a "));
    }
}
