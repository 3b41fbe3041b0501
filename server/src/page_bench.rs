//! `signpost bench-pages`: server render time and page weight of the public pages on
//! the sample directory, measured in process through the real router.

use std::time::{Duration, Instant};

use anyhow::Context;
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
    Router,
};
use tower::ServiceExt;

use crate::{
    config::{ServeArgs, StorageArgs},
    http,
    startup::Application,
};

struct PageCase {
    label: &'static str,
    paths: Vec<String>,
}

/// Returns the nearest-rank percentile of sorted durations.
pub(crate) fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Returns a duration in milliseconds.
pub(crate) fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Fetches a path and returns the status and body bytes as sent with gzip accepted.
async fn fetch(router: &Router, path: &str, gzip: bool) -> anyhow::Result<(StatusCode, usize)> {
    let mut request = Request::get(path);
    if gzip {
        request = request.header(header::ACCEPT_ENCODING, "gzip");
    }
    let response = router.clone().oneshot(request.body(Body::empty())?).await?;
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
    Ok((status, bytes.len()))
}

/// Runs the page benchmark and prints a report.
pub async fn bench_pages_command(seed_dir: &std::path::Path, requests: usize) -> anyhow::Result<()> {
    let data = tempfile::tempdir().context("could not make a temporary data directory")?;
    let args = ServeArgs::in_process(
        StorageArgs { data_dir: data.path().to_owned(), database_url: None, seed_dir: seed_dir.to_owned() },
        false,
    );
    let app = Application::build(&args).await?;
    let state = app.state().clone();
    let router = http::router(state.clone());

    let ids = state.store.service_ids(None, 40).await?;
    let service_paths: Vec<String> = ids.iter().map(|id| format!("/services/{id}")).collect();
    let cases = [
        PageCase { label: "home", paths: vec!["/".to_owned()] },
        PageCase {
            label: "results",
            paths: vec![
                "/search?q=debt+advice&location=LE1+6ZG".to_owned(),
                "/search?need=befriending&location=Loughborough".to_owned(),
                "/search?q=food+bank&location=LE4&free=true".to_owned(),
                "/search?location=Oakham&radius_km=20&open_now=true".to_owned(),
                "/search?q=councelling".to_owned(),
            ],
        },
        PageCase { label: "service", paths: service_paths },
    ];
    let (_, css_raw) = fetch(&router, "/static/signpost.css", false).await?;
    let (_, css_gzip) = fetch(&router, "/static/signpost.css", true).await?;

    println!("Signpost page benchmark (sample directory, {requests} requests per page kind, in process)");
    println!("  stylesheet: {:.1} KB raw, {:.1} KB gzip", css_raw as f64 / 1024.0, css_gzip as f64 / 1024.0);
    println!(
        "  {:<10} {:>8} {:>8} {:>8} {:>8} {:>12} {:>12} {:>14}",
        "page", "p50 ms", "p95 ms", "p99 ms", "max ms", "html KB", "gzip KB", "page+css gz KB"
    );
    for case in &cases {
        anyhow::ensure!(!case.paths.is_empty(), "no pages to measure for {}", case.label);
        // Warm up caches and the index reader.
        for path in &case.paths {
            let (status, _) = fetch(&router, path, false).await?;
            anyhow::ensure!(status == StatusCode::OK, "{path} answered {status}");
        }
        let mut times = Vec::with_capacity(requests);
        for n in 0..requests {
            let path = &case.paths[n % case.paths.len()];
            let started = Instant::now();
            fetch(&router, path, false).await?;
            times.push(started.elapsed());
        }
        times.sort();
        let mut raw_max = 0;
        let mut gzip_max = 0;
        for path in &case.paths {
            raw_max = raw_max.max(fetch(&router, path, false).await?.1);
            gzip_max = gzip_max.max(fetch(&router, path, true).await?.1);
        }
        println!(
            "  {:<10} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>12.1} {:>12.1} {:>14.1}",
            case.label,
            ms(percentile(&times, 0.50)),
            ms(percentile(&times, 0.95)),
            ms(percentile(&times, 0.99)),
            ms(times.last().copied().unwrap_or_default()),
            raw_max as f64 / 1024.0,
            gzip_max as f64 / 1024.0,
            (gzip_max + css_gzip) as f64 / 1024.0,
        );
    }
    println!("  (largest page of each kind; weights are what a phone downloads, fonts and images aside)");
    Ok(())
}
