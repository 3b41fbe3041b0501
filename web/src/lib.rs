//! Signpost's public pages (home, search results, service, not found) as Leptos components.
//!
//! The server calls the `render_*` functions, which return complete HTML documents. The pages
//! work without JavaScript: every control is a plain HTML form field sent with GET.

#[allow(unreachable_pub, reason = "#[component] generates pub builder items even for pub(crate) components")]
mod components;
#[allow(unreachable_pub, reason = "#[component] generates pub builder items even for pub(crate) components")]
mod pages;
mod query;
mod text;
mod view_model;

pub use pages::home::render_home;
pub use pages::not_found::render_not_found;
pub use pages::results::render_results;
pub use pages::service::render_service;
pub use view_model::{FieldError, NeedOption, ResultItem, ResultsPage, SearchForm, ServicePage};

/// The stylesheet served at `/static/signpost.css` (the pages link to it).
pub const STYLESHEET: &str = include_str!("../style/signpost.css");

#[cfg(test)]
mod test_support;
