//! The production backend, shared by several server instances.

use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};

use super::{
    accounts::impl_account_store, curation::impl_curation_store, feed::impl_feed_store, helpline::impl_helpline_store,
    imports::impl_import_store, queries::impl_store, referrals::impl_referral_store, reports::impl_report_store,
    retention::impl_retention_store, Result,
};

/// Advisory lock key that serialises directory writes (any constant unique to Signpost).
const WRITE_LOCK_KEY: i64 = 0x0051_676e_706f_7374;

/// `Store` on PostgreSQL.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` and runs migrations.
    pub async fn connect(url: &str) -> Result<Self> {
        let pool =
            PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        Ok(Self { pool })
    }

    /// Starts a write transaction holding an advisory lock. Identity values are handed
    /// out before commit, so without it a reader tailing `change_log` could pass a
    /// sequence number whose transaction commits later and miss that change forever.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'_, sqlx::Postgres>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("select pg_advisory_xact_lock($1)").bind(WRITE_LOCK_KEY).execute(&mut *tx).await?;
        Ok(tx)
    }
}

impl_store!(PgStore, sqlx::Postgres);
impl_account_store!(PgStore, sqlx::Postgres);
impl_import_store!(PgStore, sqlx::Postgres);
impl_curation_store!(PgStore, sqlx::Postgres);
impl_feed_store!(PgStore, sqlx::Postgres);
impl_report_store!(PgStore, sqlx::Postgres);
impl_helpline_store!(PgStore, sqlx::Postgres);
impl_referral_store!(PgStore, sqlx::Postgres);
impl_retention_store!(PgStore, sqlx::Postgres);
