//! The real `signpost` binary as a child process on a test's storage, for tests that must
//! restart or kill it. Killed when dropped.

use std::{
    process::{Child, Command, Stdio},
    time::Duration,
};

use crate::{receiver::signpost_binary, TestData};

/// A running `signpost serve`.
pub struct Server {
    child: Child,
    port: u16,
}

/// Returns a port that was free a moment ago.
fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

impl Server {
    /// Starts `signpost serve` on `data` (no sample data) with extra environment variables.
    pub fn start(data: &TestData, env: &[(&str, &str)]) -> anyhow::Result<Self> {
        let storage = data.storage_args("binary");
        let port = free_port()?;
        let child = Command::new(signpost_binary()?)
            .arg("serve")
            .env("SIGNPOST_DATA_DIR", &storage.data_dir)
            .env("SIGNPOST_SEED_DIR", &storage.seed_dir)
            .env("SIGNPOST_DATABASE_URL", storage.database_url())
            .env("SIGNPOST_LISTEN", format!("127.0.0.1:{port}"))
            .env("SIGNPOST_NO_SAMPLE_DATA", "true")
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        Ok(Self { child, port })
    }

    /// Waits until `/healthz` answers and returns the base URL.
    pub async fn wait_ready(&self) -> anyhow::Result<String> {
        let base = format!("http://127.0.0.1:{}", self.port);
        let client = reqwest::Client::new();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(response) = client.get(format!("{base}/healthz")).send().await {
                if response.status().is_success() {
                    return Ok(base);
                }
            }
            anyhow::ensure!(tokio::time::Instant::now() < deadline, "signpost did not start on port {}", self.port);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
