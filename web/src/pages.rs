//! One module per page; each has a `#[component]` and a `render_*` function for the server.

pub(crate) mod commissioning;
pub(crate) mod console;
pub(crate) mod console_accounts;
pub(crate) mod console_imports;
pub(crate) mod console_inbox;
pub(crate) mod console_insight;
pub(crate) mod console_services;
pub(crate) mod crisis;
pub(crate) mod helpline;
pub(crate) mod helpline_console;
pub(crate) mod helpline_forms;
pub(crate) mod home;
pub(crate) mod information;
pub(crate) mod login;
pub(crate) mod not_found;
pub(crate) mod referrals;
pub(crate) mod results;
pub(crate) mod service;
pub(crate) mod shortlist;
