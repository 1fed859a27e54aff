//! A bounded load generator: a real Portico server on loopback over a fresh database, driven
//! by concurrent portal users. It prints latencies and throughput as ratios against `/healthz`
//! measured in the same run, so figures compare across machines.
//!
//! `cargo run --release -p tests --bin load -- [users] [rounds]` (defaults 8 and 5).

use std::time::{Duration, Instant};

use serde_json::json;
use tests::http_client::{Client, TestServer};
use tests::journey::{complete_steps, developer, staff, start_draft, VERSION_FIELDS};

use domain::values::role::Role;

/// Latencies of one kind of request.
struct Sample {
    name: &'static str,
    latencies: Vec<Duration>,
}

impl Sample {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            latencies: Vec::new(),
        }
    }

    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted.get(index).copied().unwrap_or_default()
    }
}

async fn timed<T>(sample: &mut Sample, work: impl std::future::Future<Output = T>) -> T {
    let start = Instant::now();
    let out = work.await;
    sample.latencies.push(start.elapsed());
    out
}

/// One developer's session: `rounds` apps, each drafted, saved step by step and submitted.
async fn developer_run(client: Client, user: usize, rounds: usize) -> Vec<Sample> {
    let mut start = Sample::new("startDraft");
    let mut save = Sample::new("saveDraftStep");
    let mut submit = Sample::new("submitVersion");
    let mut list = Sample::new("myRegistrations");
    for round in 0..rounds {
        let app_id = timed(
            &mut start,
            start_draft(&client, &format!("Load {user} {round}")),
        )
        .await;
        for step in complete_steps("") {
            timed(
                &mut save,
                client.ok(
                    "mutation($appId: UUID!, $step: WizardStepInput!) { saveDraftStep(appId: $appId, version: 1, step: $step) { savedAt } }",
                    json!({ "appId": app_id, "step": step }),
                ),
            )
            .await;
        }
        timed(
            &mut submit,
            client.ok(
                &format!("mutation($appId: UUID!) {{ submitVersion(appId: $appId, version: 1) {{ {VERSION_FIELDS} }} }}"),
                json!({ "appId": app_id }),
            ),
        )
        .await;
        timed(
            &mut list,
            client.ok(
                "{ myRegistrations(first: 20) { edges { node { name status } } } }",
                json!({}),
            ),
        )
        .await;
    }
    vec![start, save, submit, list]
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let users: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(8)
        .min(64);
    let rounds: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(5)
        .min(50);
    let server = TestServer::start().await;

    // The baseline: the cheapest request the server answers.
    let mut health = Sample::new("healthz");
    let anonymous = server.anonymous();
    for _ in 0..200 {
        timed(&mut health, anonymous.request("GET", "/healthz", None, &[])).await;
    }

    let mut clients = Vec::new();
    for _ in 0..users {
        clients.push(developer(&server).await.0);
    }
    let (reviewer, _) = staff(&server, &[Role::Reviewer]).await;
    let started = Instant::now();
    let runs: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(user, client)| tokio::spawn(developer_run(client, user, rounds)))
        .collect();
    let mut samples: Vec<Sample> = Vec::new();
    for run in runs {
        for sample in run.await.expect("a user's run") {
            match samples.iter_mut().find(|s| s.name == sample.name) {
                Some(existing) => existing.latencies.extend(sample.latencies),
                None => samples.push(sample),
            }
        }
    }
    let writing = started.elapsed();

    let mut queue = Sample::new("reviewQueue");
    let mut gallery = Sample::new("gallery (anonymous)");
    for _ in 0..100 {
        timed(
            &mut queue,
            reviewer.ok(
                "{ reviewQueue(first: 50) { edges { node { name } } } }",
                json!({}),
            ),
        )
        .await;
        timed(
            &mut gallery,
            anonymous.ok(
                "{ gallery(first: 50) { edges { node { name } } } }",
                json!({}),
            ),
        )
        .await;
    }
    samples.push(queue);
    samples.push(gallery);

    let base = health.percentile(0.5).as_secs_f64();
    println!(
        "baseline healthz p50 = {:.2} ms (figures below are multiples of it)",
        base * 1e3
    );
    println!(
        "{:<22} {:>6} {:>10} {:>10} {:>10}",
        "request", "count", "p50 ×", "p95 ×", "p99 ×"
    );
    for sample in &samples {
        println!(
            "{:<22} {:>6} {:>10.1} {:>10.1} {:>10.1}",
            sample.name,
            sample.latencies.len(),
            sample.percentile(0.5).as_secs_f64() / base,
            sample.percentile(0.95).as_secs_f64() / base,
            sample.percentile(0.99).as_secs_f64() / base,
        );
    }
    let mutations: usize = samples
        .iter()
        .filter(|s| matches!(s.name, "startDraft" | "saveDraftStep" | "submitVersion"))
        .map(|s| s.latencies.len())
        .sum();
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&server.db.pool)
        .await
        .unwrap_or(0);
    println!(
        "{users} users × {rounds} apps: {mutations} mutations in {:.2} s = {:.0} mutations/s \
         (each waits for the read models); {events} events in the log",
        writing.as_secs_f64(),
        mutations as f64 / writing.as_secs_f64()
    );
}
