//! Writes full-page screenshots of the public pages at 320 px and 1280 px for review:
//! `cargo run -p signpost-tests --bin screenshots -- --out screenshots/`.
//! Starts the real server on the sample directory (temporary SQLite) and headless Chromium.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Parser;
use signpost_tests::{
    browser::{states::PageState, Browser, Viewport},
    AppOptions, Backend, TestApp, TestData,
};

/// Writes `<state>-<width>.png` for every page state and width.
#[derive(Parser, Debug)]
struct Args {
    /// Directory for the PNG files; created when missing.
    #[arg(long, default_value = "screenshots")]
    out: PathBuf,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    std::fs::create_dir_all(&args.out).with_context(|| format!("could not create {}", args.out.display()))?;

    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions::default()).await.context("could not start the server")?;
    let mut browser = Browser::launch().await?;
    let mut failures = Vec::new();
    for viewport in [Viewport::NARROW, Viewport::WIDE] {
        browser.set_viewport(viewport).await?;
        for state in PageState::ALL {
            if let Err(error) = state.open(&browser, &app.address).await {
                failures.push(format!("{} at {viewport}: {error:#}", state.name()));
                continue;
            }
            let path = args.out.join(format!("{}-{}.png", state.name(), viewport.width));
            browser.screenshot(&path).await?;
            println!("{}", path.display());
        }
    }
    browser.close().await?;
    app.stop().await?;

    for failure in &failures {
        eprintln!("could not reach {failure}");
    }
    anyhow::ensure!(failures.is_empty(), "{} screenshots were not taken", failures.len());
    Ok(())
}
