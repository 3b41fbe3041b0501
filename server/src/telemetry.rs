//! Logging set-up.

use tracing_subscriber::{fmt, EnvFilter};

/// Starts logging to stderr; `RUST_LOG` overrides the default filter.
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "signpost_server=info,signpost=info,tower_http=info".into());
    // A second init (in tests) is harmless, so the error is ignored.
    let _ = fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
