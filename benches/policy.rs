//! Policy evaluator benchmark (`cargo bench --bench policy`): a ~20 KB policy and pathological
//! globs, timed over many runs; prints medians. A benchmark, not a test: nothing is asserted.
//! `cargo bench --bench policy -- <text>` runs only the rows whose label contains `<text>`.
use std::hint::black_box;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sma::policy::{Request, evaluate};

/// A policy of `n` statements: unrelated grants, a TLS guard, and the Chime grant last.
fn big_policy(n: usize) -> Value {
    let mut statements: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "Sid": format!("Other{i}"),
                "Effect": if i % 7 == 0 { "Deny" } else { "Allow" },
                "Principal": {"AWS": format!("arn:aws:iam::{:012}:role/app-{i}", 100_000_000_000u64 + i as u64)},
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": [format!("arn:aws:s3:::bucket-{i}/*"), format!("arn:aws:s3:::bucket-{i}")],
                "Condition": {"StringLike": {"aws:userid": format!("AIDA*{i}*")}}
            })
        })
        .collect();
    statements.push(json!({
        "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": "arn:aws:s3:::sma-recordings/*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }));
    statements.push(json!({
        "Effect": "Allow",
        "Principal": {"Service": "voiceconnector.chime.amazonaws.com"},
        "Action": ["s3:PutObject", "s3:PutObjectAcl"],
        "Resource": "arn:aws:s3:::sma-recordings/voicemail/*",
        "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}
    }));
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time(label: &str, runs: usize, mut f: impl FnMut()) {
    // cargo passes `--bench`; any other argument filters rows by label.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if !filters.is_empty() && !filters.iter().any(|f| label.contains(f.as_str())) {
        return;
    }
    for _ in 0..runs.min(10) {
        f();
    }
    let samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    println!(
        "{label:52} median {:>10.1?} over {runs} runs",
        median(samples)
    );
}

fn main() {
    let mut req = Request::new("sma-recordings", "voicemail/");
    req.account = Some("111122223333".into());
    // 80 statements of this shape is about 20 KB, S3's size limit.
    for n in [1, 50, 80, 1000] {
        let policy = big_policy(n);
        let size = policy.to_string().len();
        time(
            &format!(
                "evaluate {} statements ({:.1} KB)",
                n + 2,
                size as f64 / 1024.0
            ),
            2000 / n.max(1) + 50,
            || {
                black_box(evaluate(black_box(&policy), &req).ok());
            },
        );
    }
    // Pathological globs: `*a*a*a...b` against long resources must stay near-linear.
    for (stars, prefix) in [(40, 900), (400, 900), (2000, 1000)] {
        let pattern = format!("arn:aws:s3:::sma-recordings/{}b", "*a".repeat(stars));
        let policy = json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": pattern
        }]});
        let mut long = Request::new("sma-recordings", "a".repeat(prefix));
        long.account = Some("111122223333".into());
        time(
            &format!("evaluate pathological glob (*a x{stars} b, {prefix}-char prefix)"),
            500,
            || {
                black_box(evaluate(black_box(&policy), &long).ok());
            },
        );
    }
}
