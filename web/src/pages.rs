//! One module per page; each has a `#[component]` and a `render_*` function for the server.

pub(crate) mod console;
pub(crate) mod console_services;
pub(crate) mod crisis;
pub(crate) mod home;
pub(crate) mod login;
pub(crate) mod not_found;
pub(crate) mod referrals;
pub(crate) mod results;
pub(crate) mod service;
pub(crate) mod shortlist;
