//! Page layout: the `<html>` document, skip link, NHS.UK header, crisis banner, main and footer.

use leptos::prelude::*;

use crate::components::CrisisBanner;

/// Renders a whole page to an HTML document string, starting with `<!DOCTYPE html>`.
///
/// Leptos leaves `<!>` placeholders for hydration after lists and empty options. These pages
/// are not hydrated yet, and the placeholders are HTML parse errors that validators report,
/// so they are removed. Text and attribute values are escaped (`<` becomes `&lt;`), so a
/// literal `<!>` can only be a placeholder.
pub(crate) fn render_document(page: impl IntoView + 'static) -> String {
    let html = page.into_view().to_html().replace("<!>", "");
    format!("<!DOCTYPE html>{html}")
}

/// The header links, as (path, text); the shortlist text gets its count added.
const NAV_LINKS: [(&str, &str); 3] =
    [("/", "Find a service"), ("/shortlist", "Your shortlist"), ("/crisis", "Get help now")];

/// Who is signed in, as far as the header needs to know: the links to their own areas and
/// the CSRF token for the sign-out form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Viewer {
    /// Links to the areas this person may use, as (path, text).
    pub links: Vec<(&'static str, &'static str)>,
    /// The session's CSRF token, carried by the sign-out form.
    pub csrf_token: String,
}

tokio::task_local! {
    /// The signed-in person for the request being answered. Set once by the server's
    /// session layer around each request, so the ninety-odd pages that share the `Shell`
    /// need not each be told who is looking.
    static VIEWER: Viewer;
}

/// Runs `answer` (a request's handling) with `viewer` as the person every page's header
/// shows links for; with `None`, pages look exactly as they do to anonymous visitors.
pub async fn with_viewer<F: std::future::Future>(viewer: Option<Viewer>, answer: F) -> F::Output {
    match viewer {
        Some(viewer) => VIEWER.scope(viewer, answer).await,
        None => answer.await,
    }
}

/// The signed-in person for the page being rendered, if any.
pub(crate) fn current_viewer() -> Option<Viewer> {
    VIEWER.try_with(Clone::clone).ok()
}

/// Which header link is the current section, so it is marked with `aria-current`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Section {
    /// Home, results and service pages.
    #[default]
    Find,
    /// The shortlist and its print view.
    Shortlist,
    /// The crisis page.
    Crisis,
    /// Pages outside the three sections, such as "Page not found".
    None,
}

/// Wraps a page's content in the site layout.
#[component]
pub(crate) fn Shell(
    /// Text for the `<title>` (the site name is added after it).
    title: String,
    /// Number of services on the visitor's shortlist, shown in the header link.
    shortlist_count: usize,
    /// Header link to mark as current.
    #[prop(optional)]
    section: Section,
    /// The page content, placed inside `<main>`.
    children: Children,
) -> impl IntoView {
    let full_title = format!("{title} - Signpost - NHS Leicester, Leicestershire and Rutland");
    let current = match section {
        Section::Find => Some("/"),
        Section::Shortlist => Some("/shortlist"),
        Section::Crisis => Some("/crisis"),
        Section::None => None,
    };
    let links = NAV_LINKS
        .iter()
        .map(|(href, text)| {
            let is_current = current == Some(*href);
            let item_class = if is_current {
                "nhsuk-header__navigation-item nhsuk-header__navigation-item--current"
            } else {
                "nhsuk-header__navigation-item"
            };
            let count = (*href == "/shortlist").then(|| {
                let noun = if shortlist_count == 1 { "service" } else { "services" };
                view! {
                    " "<span class="signpost-count">{shortlist_count.to_string()}</span>
                    <span class="nhsuk-u-visually-hidden">{format!(" {noun}")}</span>
                }
            });
            view! {
                <li class=item_class>
                    <a
                        class="nhsuk-header__navigation-link"
                        href=*href
                        aria-current=is_current.then_some("page")
                    >
                        {*text}
                        {count}
                    </a>
                </li>
            }
        })
        .collect::<Vec<_>>();
    let own_links = current_viewer().map(|viewer| {
        let links = viewer
            .links
            .iter()
            .map(|(href, text)| {
                view! {
                    <li class="nhsuk-header__navigation-item">
                        <a class="nhsuk-header__navigation-link" href=*href>{*text}</a>
                    </li>
                }
            })
            .collect::<Vec<_>>();
        view! {
            {links}
            <li class="nhsuk-header__navigation-item">
                <form method="post" action="/logout">
                    <input type="hidden" name="csrf_token" value=viewer.csrf_token />
                    <button class="nhsuk-header__navigation-link signpost-header-button" type="submit">
                        "Sign out"
                    </button>
                </form>
            </li>
        }
    });
    let header = view! {
                <header class="nhsuk-header">
                    <div class="nhsuk-header__container nhsuk-width-container">
                        <div class="nhsuk-header__service">
                            <a class="nhsuk-header__service-logo" href="/">
                                <NhsLogo />
                                <span class="nhsuk-header__service-name">"Signpost"</span>
                                <span class="nhsuk-u-visually-hidden">
                                    " - Leicester, Leicestershire and Rutland - home page"
                                </span>
                            </a>
                        </div>
                    </div>
                    <nav class="nhsuk-header__navigation" aria-label="Main">
                        <div class="nhsuk-header__navigation-container nhsuk-width-container">
                            <ul class="nhsuk-header__navigation-list">{links}{own_links}</ul>
                        </div>
                    </nav>
                </header>
    }
    .into_any();
    let footer = view! {
                <footer class="nhsuk-footer">
                    <div class="nhsuk-width-container">
                        <div class="nhsuk-footer__meta">
                            <h2 class="nhsuk-u-visually-hidden">"About Signpost"</h2>
                            <ul class="nhsuk-footer__list">
                                <li class="nhsuk-footer__list-item">
                                    <a class="nhsuk-footer__list-item-link" href="/">"Find a service"</a>
                                </li>
                                <li class="nhsuk-footer__list-item">
                                    <a class="nhsuk-footer__list-item-link" href="/crisis">"Get help now"</a>
                                </li>
                                <li class="nhsuk-footer__list-item">
                                    <a class="nhsuk-footer__list-item-link" href="/privacy">"Privacy"</a>
                                </li>
                                <li class="nhsuk-footer__list-item">
                                    <a class="nhsuk-footer__list-item-link" href="/accessibility">"Accessibility statement"</a>
                                </li>
                                <li class="nhsuk-footer__list-item">
                                    <a class="nhsuk-footer__list-item-link" href="/cookies">"Cookies"</a>
                                </li>
                            </ul>
                            <p class="nhsuk-body-s">
                                "Signpost lists community services in Leicester, Leicestershire and Rutland. "
                                "Services can change, so please contact them before you go."
                            </p>
                            <p class="nhsuk-body-s">"© NHS Leicester, Leicestershire and Rutland"</p>
                        </div>
                    </div>
                </footer>
    }
    .into_any();
    view! {
        <html lang="en-GB">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>{full_title}</title>
                <link rel="stylesheet" href="/static/signpost.css" />
            </head>
            <body>
                <a class="nhsuk-skip-link" href="#maincontent">"Skip to main content"</a>
                {header}
                <CrisisBanner />
                <div class="nhsuk-width-container">
                    <main class="nhsuk-main-wrapper nhsuk-main-wrapper--s" id="maincontent" tabindex="-1">
                        {children()}
                    </main>
                </div>
                {footer}
            </body>
        </html>
    }
}

/// The NHS logo from nhsuk-frontend's header (MIT), named "NHS" for screen readers.
#[component]
fn NhsLogo() -> impl IntoView {
    view! {
        <svg
            class="nhsuk-header__logo"
            xmlns="http://www.w3.org/2000/svg"
            viewBox="0 0 200 80"
            height="40"
            width="100"
            focusable="false"
            role="img"
            aria-label="NHS"
        >
            <title>"NHS"</title>
            <path
                fill="currentcolor"
                d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
            ></path>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> String {
        render_document(view! {
            <Shell title="Test".to_owned() shortlist_count=0>
                <h1>"Test"</h1>
            </Shell>
        })
    }

    #[tokio::test]
    async fn anonymous_visitors_see_only_the_public_links() {
        let anonymous = with_viewer(None, async { page() }).await;
        assert_eq!(anonymous, page(), "no viewer changes nothing");
        assert_eq!(anonymous.matches("<li class=\"nhsuk-header__navigation-item").count(), 3, "{anonymous}");
        assert!(!anonymous.contains("/logout"));
    }

    #[tokio::test]
    async fn a_signed_in_person_gets_their_links_and_a_sign_out_form() {
        let viewer = Viewer { links: vec![("/helpline", "Helpline")], csrf_token: "tok".to_owned() };
        let signed_in = with_viewer(Some(viewer), async { page() }).await;
        assert!(signed_in.contains(r#"<a href="/helpline" class="nhsuk-header__navigation-link">Helpline</a>"#));
        assert!(signed_in.contains(r#"action="/logout""#) && signed_in.contains("Sign out"), "{signed_in}");
        assert!(signed_in.contains(r#"name="csrf_token" value="tok""#));
        assert_eq!(page().matches("<li class=\"nhsuk-header__navigation-item").count(), 3, "only inside the request");
    }
}
