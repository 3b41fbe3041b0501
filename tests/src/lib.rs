//! Test harness: starts the real Signpost server on port 0 against a temporary SQLite
//! file or a fresh PostgreSQL database, and talks to it over HTTP.

pub mod binary;
pub mod browser;
pub mod console_client;
pub mod fixtures;
pub mod people;
pub mod receiver;
pub mod unmet_fixtures;

use std::{path::PathBuf, sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::Value;
use signpost_server::{
    clock::FixedClock,
    config::{NetworkArgs, ReferralArgs, RetentionArgs, ServeArgs, StorageArgs},
    startup::Application,
    state::AppState,
    storage::Store,
};
use tokio::{sync::oneshot, task::JoinHandle};

/// PostgreSQL server used by the tests; each test makes its own database on it.
pub fn postgres_admin_url() -> String {
    std::env::var("SIGNPOST_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// Returns the repository's seed-data directory.
pub fn seed_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../seed-data"))
}

/// Returns a file under `../shared/data` (the reference data beside the repository), or
/// under `SIGNPOST_SHARED_DATA` when set (for checkouts elsewhere, such as worktrees).
pub fn shared_data(path: &str) -> PathBuf {
    let root = std::env::var_os("SIGNPOST_SHARED_DATA")
        .map_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data")), PathBuf::from);
    root.join(path)
}

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A temporary SQLite file.
    Sqlite,
    /// A fresh PostgreSQL database, dropped afterwards.
    Postgres,
}

/// A PostgreSQL database that exists for one test.
pub struct PgDatabase {
    name: String,
    /// Its URL.
    pub url: String,
}

impl PgDatabase {
    /// Creates a uniquely named database.
    pub async fn create() -> anyhow::Result<Self> {
        use sqlx::Connection;
        let name = format!("signpost_test_{}", uuid::Uuid::new_v4().simple());
        let admin = postgres_admin_url();
        let mut connection = sqlx::PgConnection::connect(&admin).await?;
        sqlx::query(&format!("create database {name}")).execute(&mut connection).await?;
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
        Ok(Self { url: format!("{base}/{name}"), name })
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let name = self.name.clone();
        // Drop runs outside async context guarantees, so use a thread with its own runtime.
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            runtime.block_on(async {
                use sqlx::Connection;
                if let Ok(mut connection) = sqlx::PgConnection::connect(&postgres_admin_url()).await {
                    let _ = sqlx::query(&format!("drop database if exists {name} with (force)"))
                        .execute(&mut connection)
                        .await;
                }
            });
        })
        .join();
    }
}

/// Where an app keeps its data; outlives restarts of the app.
pub struct TestData {
    /// Temporary data directory (SQLite file and index).
    pub dir: tempfile::TempDir,
    /// The PostgreSQL database, when on PostgreSQL.
    pub postgres: Option<PgDatabase>,
}

impl TestData {
    /// Creates empty storage for `backend`.
    pub async fn new(backend: Backend) -> anyhow::Result<Self> {
        let postgres = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(PgDatabase::create().await?),
        };
        Ok(Self { dir: tempfile::tempdir()?, postgres })
    }

    /// Returns storage options for an instance using data dir `instance`.
    pub fn storage_args(&self, instance: &str) -> StorageArgs {
        StorageArgs {
            data_dir: self.dir.path().join(instance),
            database_url: match &self.postgres {
                Some(db) => Some(db.url.clone()),
                // All instances share one SQLite file.
                None => Some(format!("sqlite://{}", self.dir.path().join("signpost.db").display())),
            },
            seed_dir: seed_dir(),
        }
    }

    /// Opens the store directly (as a second process would).
    pub async fn store(&self) -> anyhow::Result<Arc<dyn Store>> {
        signpost_server::startup::open_store(&self.storage_args("direct")).await
    }
}

/// Options for starting an app.
#[derive(Debug, Clone)]
pub struct AppOptions {
    /// Load the sample directory into the empty database.
    pub sample_data: bool,
    /// The instance's name (its own index directory).
    pub instance: String,
    /// What "now" is.
    pub now: DateTime<Utc>,
    /// Referral endpoints, secrets and retry policy.
    pub referrals: ReferralArgs,
    /// Whether console imports may fetch from private addresses: on by default here, since
    /// the tests serve their feeds on 127.0.0.1 (the server's own default is off).
    pub import_allow_private: bool,
    /// The local contacts file (default: the sample file in the seed directory).
    pub contacts_file: Option<PathBuf>,
    /// `SIGNPOST_PUBLIC_URL` (https turns on HSTS and Secure cookies).
    pub public_url: Option<String>,
    /// Trusted proxies, header time-out and connection cap.
    pub network: NetworkArgs,
    /// Retention periods.
    pub retention: RetentionArgs,
}

impl Default for AppOptions {
    fn default() -> Self {
        Self {
            sample_data: true,
            instance: "a".into(),
            now: Utc::now(),
            referrals: ReferralArgs::default(),
            import_allow_private: true,
            contacts_file: None,
            public_url: None,
            network: NetworkArgs::default(),
            retention: RetentionArgs::default(),
        }
    }
}

/// A running server.
pub struct TestApp {
    /// Base URL, e.g. http://127.0.0.1:41234.
    pub address: String,
    /// HTTP client.
    pub client: reqwest::Client,
    /// The app's state (store, keeper, reference data).
    pub state: AppState,
    /// The app's clock.
    pub clock: Arc<FixedClock>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

impl TestApp {
    /// Starts a server on `data`.
    pub async fn spawn(data: &TestData, options: AppOptions) -> anyhow::Result<Self> {
        if std::env::var_os("TEST_LOG").is_some() {
            signpost_server::telemetry::init();
        }
        let args = ServeArgs {
            storage: data.storage_args(&options.instance),
            listen: "127.0.0.1:0".parse()?,
            public_url: options.public_url.clone(),
            no_sample_data: !options.sample_data,
            index_poll_ms: 100,
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            import_allow_private: options.import_allow_private,
            referrals: options.referrals.clone(),
            contacts_file: options.contacts_file.clone(),
            organisation: signpost_server::config::OrganisationArgs::default(),
            network: options.network.clone(),
            retention: options.retention.clone(),
        };
        let clock = Arc::new(FixedClock::new(options.now));
        let app = Application::build_with_clock(&args, clock.clone()).await?;
        let address = format!("http://{}", app.local_addr()?);
        let state = app.state().clone();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(app.run_until(async {
            let _ = stopped.await;
        }));
        Ok(Self { address, client: reqwest::Client::new(), state, clock, stop: Some(stop), task: Some(task) })
    }

    /// Stops the server and waits until it has released the index.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await??;
        }
        Ok(())
    }

    /// GETs `path` and returns the status and JSON body.
    pub async fn get_json(&self, path: &str) -> anyhow::Result<(StatusCode, Value)> {
        let response = self.client.get(format!("{}{path}", self.address)).send().await?;
        let status = response.status();
        Ok((status, response.json().await?))
    }

    /// GETs `path` and returns the status and text body.
    pub async fn get_text(&self, path: &str) -> anyhow::Result<(StatusCode, String)> {
        let response = self.client.get(format!("{}{path}", self.address)).send().await?;
        let status = response.status();
        Ok((status, response.text().await?))
    }

    /// Searches and returns the JSON answer, failing on a non-200.
    pub async fn search(&self, query: &str) -> anyhow::Result<Value> {
        let (status, body) = self.get_json(&format!("/api/v1/search?{query}")).await?;
        anyhow::ensure!(status == StatusCode::OK, "search {query} answered {status}: {body}");
        Ok(body)
    }

    /// Waits until `check` passes on a search, polling for up to `timeout`.
    pub async fn eventually(
        &self,
        query: &str,
        timeout: Duration,
        check: impl Fn(&Value) -> bool,
    ) -> anyhow::Result<Value> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let body = self.search(query).await?;
            if check(&body) {
                return Ok(body);
            }
            anyhow::ensure!(
                tokio::time::Instant::now() < deadline,
                "search {query} did not change in {timeout:?}: {body}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

/// Returns the result names of a search answer.
pub fn names(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .map(|results| results.iter().filter_map(|r| r["name"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// Returns the result ids of a search answer.
pub fn ids(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .map(|results| results.iter().filter_map(|r| r["id"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}
