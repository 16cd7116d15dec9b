//! Latency measurement shared by the HTTP benchmarks: run a request many times, one at a
//! time after a warm-up, and print its percentiles.

use std::time::{Duration, Instant};

const WARM_UP: usize = 20;

/// Runs `request` `times` times after a short warm-up; returns the sorted durations.
pub async fn measure<F, Fut>(times: usize, mut request: F) -> Vec<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..WARM_UP {
        request().await;
    }
    let mut out = Vec::with_capacity(times);
    for _ in 0..times {
        let start = Instant::now();
        request().await;
        out.push(start.elapsed());
    }
    out.sort();
    out
}

/// Prints p50, p99 and the maximum of sorted durations.
pub fn report(db: &str, what: &str, sorted: &[Duration]) {
    let at = |q: f64| sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{db:<10}  {what:<50}  p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms",
        ms(at(0.50)),
        ms(at(0.99)),
        ms(*sorted.last().unwrap())
    );
}
