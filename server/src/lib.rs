//! Signpost's server: the directory's storage, search index keeper, HTTP API, pages
//! and command line.

pub mod auth;
pub mod bench;
pub mod cli;
pub mod client_addr;
pub mod clock;
pub mod config;
pub mod contacts;
pub mod crisis;
pub mod connections;
pub mod documents;
pub mod error;
pub mod eval;
pub mod export;
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
pub mod plain_text;
pub mod rate_limit;
pub mod reference;
pub mod referrals;
pub mod reports;
pub mod retention;
pub mod search;
pub mod startup;
pub mod state;
pub mod storage;
pub mod synonym_rules;
pub mod telemetry;
