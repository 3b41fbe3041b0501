//! The `signpost` binary: a thin shim over the library.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    signpost_server::cli::run(signpost_server::config::Cli::parse()).await
}
