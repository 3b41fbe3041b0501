//! Building blocks shared by the pages: layout, forms, result cards and panels.

pub(crate) mod crisis_banner;
pub(crate) mod crisis_panel;
pub(crate) mod error_summary;
pub(crate) mod filters;
pub(crate) mod form_kit;
pub(crate) mod need_tiles;
pub(crate) mod no_results;
pub(crate) mod pagination;
pub(crate) mod result_card;
pub(crate) mod search_box;
pub(crate) mod shell;
pub(crate) mod shortlist_form;
pub(crate) mod text_field;

pub(crate) use crisis_banner::CrisisBanner;
pub(crate) use crisis_panel::{ContactItem, CrisisPanel};
pub(crate) use error_summary::ErrorSummary;
pub(crate) use filters::Filters;
pub(crate) use form_kit::TextArea;
pub(crate) use need_tiles::NeedTiles;
pub(crate) use no_results::{unmet_need_url, NoResults};
pub(crate) use pagination::{Pagination, PrevNextLinks};
pub(crate) use result_card::ResultCard;
pub(crate) use search_box::SearchBox;
pub(crate) use shell::current_viewer;
pub(crate) use shell::{render_document, Section, Shell};
pub use shell::{with_viewer, Viewer};
pub(crate) use shortlist_form::ShortlistForm;
pub(crate) use text_field::TextField;
