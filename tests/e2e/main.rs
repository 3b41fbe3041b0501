//! End-to-end tests: the real server and storage on SQLite and PostgreSQL.

mod api_errors;
mod auth;
mod catch_up;
mod commissioning;
mod console;
mod console_imports;
mod console_inbox;
mod control_characters;
mod crisis;
mod edit_conflicts;
mod escaping;
mod findability;
mod helpline;
mod hsds_schema;
mod import;
mod import_fetch_safety;
mod navigation;
mod oruk_feed;
mod pages;
mod referral_honesty;
mod referrals;
mod report_guard;
mod search;
mod security_headers;
mod sign_in_next;
mod storage;

/// Runs an async test body once on SQLite and once on PostgreSQL, as two tests.
macro_rules! on_both_backends {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() -> anyhow::Result<()> {
                super::$body(signpost_tests::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() -> anyhow::Result<()> {
                super::$body(signpost_tests::Backend::Postgres).await
            }
        }
    };
}
pub(crate) use on_both_backends;
