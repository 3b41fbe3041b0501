//! The embedded default backend: one SQLite file under the data directory.

use std::{str::FromStr, time::Duration};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use super::{
    accounts::impl_account_store, curation::impl_curation_store, feed::impl_feed_store, helpline::impl_helpline_store,
    imports::impl_import_store, queries::impl_store, referrals::impl_referral_store, reports::impl_report_store,
    retention::impl_retention_store, Result,
};

/// `Store` on SQLite.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` and runs migrations.
    pub async fn connect(url: &str) -> Result<Self> {
        // WAL with synchronous=FULL: writes are few and must survive power loss.
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .min_connections(1)
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }

    /// Starts a write transaction holding SQLite's write lock from the start, so a
    /// read-then-write never fails to upgrade and change-log order is commit order.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'_, sqlx::Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

impl_store!(SqliteStore, sqlx::Sqlite);
impl_account_store!(SqliteStore, sqlx::Sqlite);
impl_import_store!(SqliteStore, sqlx::Sqlite);
impl_curation_store!(SqliteStore, sqlx::Sqlite);
impl_feed_store!(SqliteStore, sqlx::Sqlite);
impl_report_store!(SqliteStore, sqlx::Sqlite);
impl_helpline_store!(SqliteStore, sqlx::Sqlite);
impl_referral_store!(SqliteStore, sqlx::Sqlite);
impl_retention_store!(SqliteStore, sqlx::Sqlite);
