//! Previous and next links between pages of results.

use leptos::prelude::*;

use crate::query::search_url;
use crate::view_model::SearchForm;

/// Returns the number of pages needed for `total` results (at least 1).
pub(crate) fn page_count(total: usize, per_page: u32) -> u32 {
    let per_page = usize::try_from(per_page.max(1)).unwrap_or(usize::MAX);
    u32::try_from(total.div_ceil(per_page).max(1)).unwrap_or(u32::MAX)
}

/// "Page 2 of 5" with Previous and Next links that keep every form field.
#[component]
pub(crate) fn Pagination(
    /// The search, copied into the links.
    form: SearchForm,
    /// Current page, starting at 1.
    page: u32,
    /// Number of pages.
    pages: u32,
) -> impl IntoView {
    let page = page.clamp(1, pages.max(1));
    let previous = (page > 1).then(|| {
        let href = search_url(&form, page - 1);
        view! {
            <li class="pagination__item pagination__item--previous">
                <a class="pagination__link" href=href rel="prev">
                    "Previous"<span class="visually-hidden">" page"</span>
                </a>
            </li>
        }
    });
    let next = (page < pages).then(|| {
        let href = search_url(&form, page + 1);
        view! {
            <li class="pagination__item pagination__item--next">
                <a class="pagination__link" href=href rel="next">
                    "Next"<span class="visually-hidden">" page"</span>
                </a>
            </li>
        }
    });
    view! {
        <nav class="pagination" aria-label="Pages of results">
            <p class="pagination__status">{format!("Page {page} of {pages}")}</p>
            <ul class="pagination__list">{previous}{next}</ul>
        </nav>
    }
}
