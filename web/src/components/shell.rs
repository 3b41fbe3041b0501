//! Page layout: the `<html>` document, skip link, header, crisis banner, main and footer.

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

/// Wraps a page's content in the site layout.
#[component]
pub(crate) fn Shell(
    /// Text for the `<title>` (the site name is added after it).
    title: String,
    /// The page content, placed inside `<main>`.
    children: Children,
) -> impl IntoView {
    let full_title = format!("{title} - Signpost - NHS Leicester, Leicestershire and Rutland");
    view! {
        <html lang="en-GB">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>{full_title}</title>
                <link rel="stylesheet" href="/static/signpost.css" />
            </head>
            <body>
                <a class="skip-link" href="#main">"Skip to main content"</a>
                <header class="header">
                    <div class="width-container header__inner">
                        <a class="header__brand" href="/">
                            <span class="header__name">"Signpost"</span>
                            <span class="header__area">"Leicester, Leicestershire and Rutland"</span>
                        </a>
                        <nav class="header__nav" aria-label="Main">
                            <ul class="header__links">
                                <li><a href="/">"Find a service"</a></li>
                                <li><a href="#crisis">"Get help now"</a></li>
                            </ul>
                        </nav>
                    </div>
                </header>
                <CrisisBanner />
                <div class="width-container">
                    <main id="main" class="main" tabindex="-1">
                        {children()}
                    </main>
                </div>
                <footer class="footer">
                    <div class="width-container">
                        <p>
                            "Signpost lists community services in Leicester, Leicestershire and Rutland. "
                            "Services can change, so please contact them before you go."
                        </p>
                        <p>"If you feel you might harm yourself or someone else, call 999 now."</p>
                    </div>
                </footer>
            </body>
        </html>
    }
}
