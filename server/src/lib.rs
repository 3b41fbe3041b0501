//! Signpost's server: the directory's storage, search index keeper, HTTP API, pages
//! and command line.

pub mod auth;
pub mod bench;
pub mod cli;
pub mod clock;
pub mod config;
pub mod documents;
pub mod error;
pub mod export;
pub mod feed_bench;
pub mod generate;
pub mod guard;
pub mod hsds;
pub mod http;
pub mod import;
pub mod insight;
pub mod keeper;
pub mod opening;
pub mod outbound;
pub mod page_bench;
pub mod rate_limit;
pub mod reference;
pub mod referrals;
pub mod reports;
pub mod search;
pub mod startup;
pub mod state;
pub mod storage;
pub mod synonym_rules;
pub mod telemetry;
