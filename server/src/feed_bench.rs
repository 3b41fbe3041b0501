//! `signpost bench-feed`: the Open Referral UK feed at scale, in process through the real
//! router on a synthetic directory: latency of one page of fully nested services
//! (`/api/v1/services?per_page=50&full_service=true`, pages spread over the listing) and
//! the speed of a full harvest by paging.

use std::time::Instant;

use anyhow::Context;
use axum::{
    body::Body,
    http::{Request, StatusCode},
    Router,
};
use tower::ServiceExt;

use crate::{
    config::{BenchFeedArgs, ServeArgs, StorageArgs},
    generate, http,
    page_bench::{ms, percentile},
    reference::Taxonomy,
    startup::{open_store, Application},
    storage::{Provenance, RecordStatus, ServiceRecord},
};

async fn get_json(router: &Router, path: &str) -> anyhow::Result<serde_json::Value> {
    let response = router.clone().oneshot(Request::get(path).body(Body::empty())?).await?;
    anyhow::ensure!(response.status() == StatusCode::OK, "{path} answered {}", response.status());
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
    Ok(serde_json::from_slice(&bytes)?)
}

/// Loads the synthetic directory (unless the data directory already holds it), then
/// measures and prints the report.
pub async fn bench_feed_command(args: &BenchFeedArgs) -> anyhow::Result<()> {
    let storage = StorageArgs { data_dir: args.data_dir.clone(), database_url: None, seed_dir: args.seed_dir.clone() };
    let store = open_store(&storage).await?;
    let have = store.count_services().await?;
    if have < args.services as i64 {
        let taxonomy = Taxonomy::load(&args.seed_dir.join("taxonomy.json"))?;
        let started = Instant::now();
        for service in generate::generate(args.services, args.seed, &taxonomy) {
            let record = ServiceRecord {
                service,
                record_status: RecordStatus::Published,
                review_due_date: None,
                provenance: Provenance { source: "bench".into(), source_id: None },
            };
            store.upsert_service(&record).await.context("could not store a generated service")?;
        }
        println!("loaded {} services in {:.1?}", args.services, started.elapsed());
    }
    drop(store);
    let serve = ServeArgs::in_process(storage, true);
    let app = Application::build(&serve).await?;
    let router = http::router(app.state().clone());

    let first = get_json(&router, "/api/v1/services?per_page=50").await?;
    let total_pages = first["total_pages"].as_u64().unwrap_or(1).max(1);
    let total = first["total_items"].as_u64().unwrap_or(0);
    let mut timings = Vec::with_capacity(args.requests);
    for n in 0..args.requests {
        // Pages spread evenly over the listing, so deep offsets are measured too.
        let page = 1 + (n as u64 * 7919) % total_pages;
        let path = format!("/api/v1/services?per_page=50&full_service=true&page={page}");
        let started = Instant::now();
        let body = get_json(&router, &path).await?;
        timings.push(started.elapsed());
        anyhow::ensure!(body["contents"].as_array().is_some_and(|items| !items.is_empty()), "{path} was empty");
    }
    timings.sort();
    println!("feed over {total} published services ({} requests):", args.requests);
    println!(
        "  GET /api/v1/services?per_page=50&full_service=true  p50 {:.2} ms  p95 {:.2} ms  max {:.2} ms",
        ms(percentile(&timings, 0.5)),
        ms(percentile(&timings, 0.95)),
        ms(percentile(&timings, 1.0)),
    );

    let started = Instant::now();
    let mut harvested = 0_u64;
    let mut page = 1;
    loop {
        let body = get_json(&router, &format!("/api/v1/services?per_page=1000&full_service=true&page={page}")).await?;
        harvested += body["size"].as_u64().unwrap_or(0);
        if body["last_page"].as_bool().unwrap_or(true) {
            break;
        }
        page += 1;
    }
    let elapsed = started.elapsed();
    println!(
        "  full harvest (per_page=1000, full_service=true): {harvested} services in {:.2?}, {:.0} services/s",
        elapsed,
        harvested as f64 / elapsed.as_secs_f64().max(f64::EPSILON)
    );
    Ok(())
}
