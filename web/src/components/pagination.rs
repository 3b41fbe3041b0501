//! Previous and next links between pages of results (NHS.UK pagination).

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
            <li class="nhsuk-pagination-item--previous">
                <a class="nhsuk-pagination__link nhsuk-pagination__link--prev" href=href rel="prev">
                    <span class="nhsuk-pagination__title">
                        "Previous"<span class="nhsuk-u-visually-hidden">" page"</span>
                    </span>
                    <span class="nhsuk-u-visually-hidden">":"</span>
                    <span class="nhsuk-pagination__page">{format!("Page {} of {pages}", page - 1)}</span>
                </a>
            </li>
        }
    });
    let next = (page < pages).then(|| {
        let href = search_url(&form, page + 1);
        view! {
            <li class="nhsuk-pagination-item--next">
                <a class="nhsuk-pagination__link nhsuk-pagination__link--next" href=href rel="next">
                    <span class="nhsuk-pagination__title">
                        "Next"<span class="nhsuk-u-visually-hidden">" page"</span>
                    </span>
                    <span class="nhsuk-u-visually-hidden">":"</span>
                    <span class="nhsuk-pagination__page">{format!("Page {} of {pages}", page + 1)}</span>
                </a>
            </li>
        }
    });
    view! {
        <nav class="nhsuk-pagination" aria-label="Pages of results">
            <p class="nhsuk-body-s signpost-pagination__status">{format!("Page {page} of {pages}")}</p>
            <ul class="nhsuk-list nhsuk-pagination__list">{previous}{next}</ul>
        </nav>
    }
}

/// Previous and Next links given as ready-made addresses (the console's lists).
#[component]
pub(crate) fn PrevNextLinks(
    /// Address of the previous page, if any.
    previous: Option<String>,
    /// Address of the next page, if any.
    next: Option<String>,
) -> impl IntoView {
    let previous = previous.map(|href| {
        view! {
            <li class="nhsuk-pagination-item--previous">
                <a class="nhsuk-pagination__link" href=href rel="prev">
                    <span class="nhsuk-pagination__title">"Previous"</span>
                </a>
            </li>
        }
    });
    let next = next.map(|href| {
        view! {
            <li class="nhsuk-pagination-item--next">
                <a class="nhsuk-pagination__link" href=href rel="next">
                    <span class="nhsuk-pagination__title">"Next"</span>
                </a>
            </li>
        }
    });
    view! {
        <nav class="nhsuk-pagination" role="navigation" aria-label="Pagination">
            <ul class="nhsuk-list nhsuk-pagination__list">{previous}{next}</ul>
        </nav>
    }
}
