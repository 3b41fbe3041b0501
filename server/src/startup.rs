//! Builds and runs the web service: storage, sample data, index, keeper, router.

use std::{future::Future, net::SocketAddr, path::Path, sync::Arc, time::Duration};

use anyhow::Context;
use signpost_index::{SearchIndex, Synonyms};
use tokio::net::TcpListener;

use crate::{
    auth::SessionSettings,
    client_addr::TrustedProxies,
    clock::{Clock, SystemClock},
    config::{ServeArgs, StorageArgs},
    connections::ConnectionSettings,
    http,
    import::{import_files, ImportOptions},
    insight::SearchLog,
    keeper::IndexKeeper,
    rate_limit::RateLimiter,
    reference::ReferenceData,
    referrals::{dispatcher::Dispatcher, ReferralSettings},
    retention::Retention,
    state::AppState,
    storage::{self, RecordStatus, Store},
    synonym_rules::SynonymWatcher,
};

/// "Report a problem" messages one client may send in ten minutes.
const REPORTS_PER_WINDOW: i64 = 5;

/// Opens the database named by the storage options, creating the data directory.
pub async fn open_store(args: &StorageArgs) -> anyhow::Result<Arc<dyn Store>> {
    std::fs::create_dir_all(&args.data_dir)
        .with_context(|| format!("could not create data directory {}", args.data_dir.display()))?;
    storage::connect(&args.database_url()).await.context("could not open the database")
}

/// Opens (or creates) the on-disk index; returns whether it was (re)created.
pub fn open_index(dir: &Path, reference: &ReferenceData) -> anyhow::Result<(SearchIndex, bool)> {
    std::fs::create_dir_all(dir).with_context(|| format!("could not create index directory {}", dir.display()))?;
    let synonyms = Synonyms::parse(&reference.synonyms_text).context("bad synonyms file")?;
    SearchIndex::open_or_create(dir, synonyms)
        .context("could not open the search index (is another signpost using it?)")
}

/// Loads the sample directory into an empty database.
async fn load_sample_data(store: &dyn Store, reference: &ReferenceData) -> anyhow::Result<()> {
    if store.count_services().await? > 0 {
        return Ok(());
    }
    let files = reference.directory_files()?;
    let options = ImportOptions { status: RecordStatus::Published, progress: false };
    let report = import_files(store, &files, &options).await?;
    tracing::info!(summary = %report.summary(), "loaded the sample directory");
    for rejection in &report.rejected {
        tracing::warn!(id = %rejection.id, reason = %rejection.reason, "sample record rejected");
    }
    Ok(())
}

/// A built application, listening but not yet serving.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    poll: Duration,
    connections: ConnectionSettings,
    retention: Retention,
}

impl Application {
    /// Opens everything and binds the listener.
    pub async fn build(args: &ServeArgs) -> anyhow::Result<Self> {
        Self::build_with_clock(args, Arc::new(SystemClock)).await
    }

    /// Builds with a given time source (tests use a `FixedClock`).
    pub async fn build_with_clock(args: &ServeArgs, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let reference = Arc::new(ReferenceData::load(&args.storage.seed_dir)?);
        let referrals = Arc::new(ReferralSettings::from_args(&args.referrals)?);
        let contacts_file =
            args.contacts_file.clone().unwrap_or_else(|| args.storage.seed_dir.join(crate::contacts::SAMPLE_FILE));
        let contacts = Arc::new(crate::contacts::load(&contacts_file).context("could not load the local contacts")?);
        if contacts.sample_note.is_some() {
            tracing::warn!(file = %contacts_file.display(), "local contacts are SAMPLE data; set SIGNPOST_CONTACTS_FILE");
        }
        let trusted_proxies =
            Arc::new(args.network.trusted_proxies.as_deref().unwrap_or_default().parse::<TrustedProxies>()?);
        tokio::task::spawn_blocking(crate::auth::prepare).await.context("could not prepare password checks")?;
        let store = open_store(&args.storage).await?;
        if !args.no_sample_data {
            load_sample_data(store.as_ref(), &reference).await?;
        }
        let (index, created) = open_index(&args.storage.index_dir(), &reference)?;
        let index = Arc::new(index);
        let keeper = Arc::new(IndexKeeper::new(store.clone(), index.clone(), reference.taxonomy.clone())?);
        keeper.prepare(created).await?;
        let synonyms = Arc::new(SynonymWatcher::start(store.clone(), index.clone(), &reference.synonyms_text).await?);
        let fd_limit = crate::connections::raise_fd_limit();
        let connections = ConnectionSettings {
            header_timeout: Duration::from_millis(args.network.header_timeout_ms.max(1)),
            max_connections: crate::connections::connection_cap(args.network.max_connections, fd_limit),
        };
        tracing::debug!(?fd_limit, max_connections = connections.max_connections, "connection limits");
        let listener =
            TcpListener::bind(args.listen).await.with_context(|| format!("could not listen on {}", args.listen))?;
        let public_url = args.public_url.as_deref().unwrap_or_default().trim_end_matches('/');
        let state = AppState {
            search_log: SearchLog::start(store.clone()),
            synonyms,
            store,
            index,
            keeper,
            reference,
            public_url: Arc::from(public_url),
            clock,
            report_limiter: RateLimiter::new("report", REPORTS_PER_WINDOW, chrono::Duration::minutes(10)),
            trusted_proxies,
            sessions: SessionSettings {
                idle: chrono::Duration::minutes(args.session_idle_minutes),
                absolute: chrono::Duration::hours(args.session_absolute_hours),
                secure_cookie: public_url.starts_with("https://"),
            },
            referrals,
            import_allow_private: args.import_allow_private,
            contacts,
            organisation: Arc::new(args.organisation.clone()),
            retention: Retention::from_args(&args.retention),
        };
        Ok(Self {
            listener,
            state,
            poll: Duration::from_millis(args.index_poll_ms),
            connections,
            retention: Retention::from_args(&args.retention),
        })
    }

    /// Returns the address it listens on.
    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// Returns the shared state (tests use its store and keeper).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until Ctrl-C or SIGTERM.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `shutdown` completes, then stops the keeper and releases the index.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let keeper_task = tokio::spawn(Arc::clone(&self.state.keeper).run(self.poll));
        let synonyms_task = tokio::spawn(Arc::clone(&self.state.synonyms).run(self.poll));
        // One referral dispatcher per instance; leases keep instances from double-sending.
        let dispatcher =
            Dispatcher::new(self.state.store.clone(), self.state.referrals.clone(), self.state.clock.clone())
                .context("could not build the webhook client")?;
        let dispatcher_task = tokio::spawn(Arc::new(dispatcher).run());
        let purge_task = tokio::spawn(crate::retention::run_daily(
            self.state.store.clone(),
            self.state.clock.clone(),
            self.retention,
        ));
        let router = http::router(self.state);
        let served = crate::connections::serve(self.listener, router, self.connections, shutdown).await;
        keeper_task.abort();
        synonyms_task.abort();
        dispatcher_task.abort();
        purge_task.abort();
        // Wait for the abort so the index writer (and its lock) is released on return.
        let _ = keeper_task.await;
        served.context("server failed")
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "could not listen for ctrl-c");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "could not listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
