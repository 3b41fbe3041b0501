//! The console's sign-in page.

use leptos::prelude::*;

use crate::{
    components::{render_document, text_field::group_class, ErrorSummary, Section, Shell},
    view_model::FieldError,
};

/// What the sign-in page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginPage {
    /// The email typed last time (never the password).
    pub email: String,
    /// Local path to go to after signing in.
    pub next: Option<String>,
    /// Why the last attempt failed.
    pub error: Option<String>,
}

/// Returns the sign-in page as a complete HTML document.
pub fn render_login(page: &LoginPage) -> String {
    let page = page.clone();
    render_document(view! { <LoginView page=page /> })
}

/// Email and password form, with an NHS.UK error summary when sign-in failed.
#[component]
fn LoginView(page: LoginPage) -> impl IntoView {
    let has_error = page.error.is_some();
    let title = if has_error { "Error: Sign in".to_owned() } else { "Sign in".to_owned() };
    let summary = page.error.clone().map(|message| {
        view! { <ErrorSummary error=FieldError { field: "email".to_owned(), message } /> }
    });
    let input_class = if has_error { "nhsuk-input nhsuk-input--error" } else { "nhsuk-input" };
    let invalid = has_error.then_some("true");
    view! {
        <Shell title=title shortlist_count=0 section=Section::None>
            <div class="nhsuk-grid-row">
                <div class="nhsuk-grid-column-two-thirds">
                    {summary}
                    <h1>"Sign in"</h1>
                    <p>"For NHS and council staff who look after the directory."</p>
                    <form method="post" action="/login" novalidate>
                        {page.next.map(|next| view! { <input type="hidden" name="next" value=next /> })}
                        <div class=group_class(has_error)>
                            <label class="nhsuk-label" for="email">"Email address"</label>
                            <input
                                class=input_class
                                id="email"
                                name="email"
                                type="email"
                                value=page.email
                                autocomplete="username"
                                spellcheck="false"
                                aria-invalid=invalid
                            />
                        </div>
                        <div class=group_class(has_error)>
                            <label class="nhsuk-label" for="password">"Password"</label>
                            <input
                                class=input_class
                                id="password"
                                name="password"
                                type="password"
                                autocomplete="current-password"
                                aria-invalid=invalid
                            />
                        </div>
                        <button class="nhsuk-button" type="submit">"Sign in"</button>
                    </form>
                </div>
            </div>
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_common_page_parts;

    #[test]
    fn login_page_has_labelled_fields_and_shows_a_generic_error() {
        let html = render_login(&LoginPage {
            email: "ann@example.org".into(),
            next: Some("/console".into()),
            error: Some("Email or password is wrong".into()),
        });
        assert_common_page_parts(&html);
        assert!(html.contains(r#"<label class="nhsuk-label" for="password">"#));
        assert!(html.contains("nhsuk-error-summary") && html.contains("Email or password is wrong"));
        assert!(html.contains(r#"name="next" value="/console""#));
        assert!(html.contains(r#"value="ann@example.org""#));
    }
}
