//! Search insight (what people search for and do not find) and the synonym rules
//! editor. Saved rules are checked by the index's own parser and applied at once here;
//! other instances pick them up from the stored version (`synonym_rules`).

use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{Html, IntoResponse, Redirect, Response},
    Extension, Form,
};
use chrono::{Duration, NaiveDate};
use chrono_tz::Europe::London;
use serde::Deserialize;
use signpost_web::{FieldError, InsightPage, InsightRow, SynonymsPage};

use super::{accounts::CONSOLE, policy::PolicyRouter};
use crate::{
    error::ApiError,
    guard,
    state::AppState,
    storage::{accounts::time_text, curation::SearchShape},
    synonym_rules,
};

/// Most groups the insight page lists.
const INSIGHT_LIMIT: i64 = 100;

/// Insight and synonym routes.
pub fn router() -> PolicyRouter {
    PolicyRouter::new()
        .get("/console/insight", insight, CONSOLE)
        .get("/console/synonyms", synonyms, CONSOLE)
        .post("/console/synonyms", save_synonyms, CONSOLE)
        .post("/console/synonyms/add", add_synonym, CONSOLE)
}

#[derive(Debug, Default, Deserialize)]
struct InsightQuery {
    days: Option<u32>,
}

fn today(state: &AppState) -> NaiveDate {
    state.clock.now().with_timezone(&London).date_naive()
}

/// The filters of a search shape in words.
fn filters_text(state: &AppState, shape: &SearchShape) -> String {
    let mut parts: Vec<String> = shape
        .needs
        .split(',')
        .filter(|slug| !slug.is_empty())
        .map(|slug| state.reference.taxonomy.need(slug).map_or_else(|| slug.to_owned(), |term| term.label.clone()))
        .collect();
    if !shape.age_band.is_empty() {
        parts.push(format!("Age {}", shape.age_band));
    }
    if shape.free_only {
        parts.push("Free".to_owned());
    }
    if shape.open_now {
        parts.push("Open now".to_owned());
    }
    if !shape.delivery.is_empty() {
        let delivery = &state.reference.taxonomy.delivery;
        let label = delivery.iter().find(|term| term.slug == shape.delivery).map(|term| term.label.clone());
        parts.push(label.unwrap_or_else(|| shape.delivery.clone()));
    }
    if parts.is_empty() {
        "None".to_owned()
    } else {
        parts.join(", ")
    }
}

async fn insight(State(state): State<AppState>, Query(query): Query<InsightQuery>) -> Response {
    let days = query.days.filter(|days| signpost_web::INSIGHT_PERIODS.contains(days)).unwrap_or(30);
    let since = (today(&state) - Duration::days(i64::from(days) - 1)).format("%Y-%m-%d").to_string();
    let rows = match state.store.search_insight(&since, INSIGHT_LIMIT).await {
        Ok(rows) => rows,
        Err(error) => return ApiError::from(error).into_response(),
    };
    let districts = state.reference.geography.districts();
    let page = InsightPage {
        days,
        rows: rows
            .into_iter()
            .map(|row| InsightRow {
                area: if row.shape.district.is_empty() {
                    "Anywhere".to_owned()
                } else {
                    districts
                        .iter()
                        .find(|district| district.code == row.shape.district)
                        .map_or_else(|| row.shape.district.clone(), |district| district.name.clone())
                },
                filters: filters_text(&state, &row.shape),
                words: row.shape.words,
                zero: row.zero,
                few: row.few,
            })
            .collect(),
    };
    Html(signpost_web::render_insight(&page)).into_response()
}

#[derive(Debug, Default, Deserialize)]
struct SynonymsQuery {
    #[serde(default)]
    words: String,
    #[serde(default)]
    meaning: String,
    done: Option<String>,
}

/// The synonyms page with the stored rules (or `rules` when given, to show them back).
async fn synonyms_page(
    state: &AppState,
    csrf_token: &str,
    rules: Option<String>,
    words: String,
    meaning: String,
) -> Result<SynonymsPage, ApiError> {
    let stored = state.store.synonym_rules().await?;
    let (stored_rules, version, updated) = match stored {
        Some(stored) => (stored.rules, stored.version, format!("{} on {}", stored.updated_by, stored.updated_at)),
        None => (String::new(), 0, "nobody".to_owned()),
    };
    Ok(SynonymsPage {
        csrf_token: csrf_token.to_owned(),
        rules: rules.unwrap_or(stored_rules),
        version,
        updated,
        words,
        meaning,
        error: None,
        notice: None,
    })
}

async fn synonyms(
    State(state): State<AppState>,
    Extension(signed_in): Extension<crate::auth::SignedIn>,
    Query(query): Query<SynonymsQuery>,
) -> Response {
    match synonyms_page(&state, &signed_in.session.csrf_token, None, query.words, query.meaning).await {
        Ok(mut page) => {
            page.notice =
                (query.done.as_deref() == Some("saved")).then(|| "Saved: searches use the new rules now".into());
            Html(signpost_web::render_synonyms(&page)).into_response()
        }
        Err(error) => error.into_response(),
    }
}

/// Saves rules that parse, applies them here at once, and answers with a redirect.
async fn store_rules(state: &AppState, actor: &str, rules: &str) -> Result<Response, ApiError> {
    let at = time_text(state.clock.now());
    state.store.save_synonym_rules(rules, actor, &at).await?;
    state.synonyms.check().await.map_err(ApiError::Internal)?;
    Ok(Redirect::to("/console/synonyms?done=saved").into_response())
}

#[derive(Debug, Deserialize)]
struct RulesForm {
    #[serde(default)]
    rules: String,
}

async fn save_synonyms(
    State(state): State<AppState>,
    Extension(signed_in): Extension<crate::auth::SignedIn>,
    Form(form): Form<RulesForm>,
) -> Response {
    let rules = form.rules.replace("\r\n", "\n");
    let problem = crate::plain_text::has_control(&rules, true)
        .then(|| crate::plain_text::CONTROL_MESSAGE.to_owned())
        .or_else(|| synonym_rules::validate_list(&rules).err().map(|error| error.to_string()))
        .or_else(|| guard::check(&rules).err().map(|refusal| refusal.to_string()));
    if let Some(message) = problem {
        let error = FieldError { field: "rules".to_owned(), message };
        return refuse(&state, &signed_in, Some(rules), String::new(), String::new(), error).await;
    }
    store_rules(&state, &signed_in.user.email, &rules).await.unwrap_or_else(IntoResponse::into_response)
}

#[derive(Debug, Deserialize)]
struct AddForm {
    #[serde(default)]
    words: String,
    #[serde(default)]
    meaning: String,
}

/// Checks one "words => meaning" rule; returns it as a line.
fn new_rule(words: &str, meaning: &str) -> Result<String, FieldError> {
    let error = |field: &str, message: String| FieldError { field: field.to_owned(), message };
    for (field, text) in [("words", words), ("meaning", meaning)] {
        if crate::plain_text::has_control(text, false) {
            return Err(error(field, crate::plain_text::CONTROL_MESSAGE.to_owned()));
        }
    }
    let clean = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let (words, meaning) = (clean(words), clean(meaning));
    if words.is_empty() {
        return Err(error("words", "Enter the words people search for".to_owned()));
    }
    if meaning.is_empty() {
        return Err(error("meaning", "Enter what services those words should also find".to_owned()));
    }
    for (field, text) in [("words", &words), ("meaning", &meaning)] {
        if text.contains("=>") || text.contains('#') {
            return Err(error(field, "Use only words and commas, without => or #".to_owned()));
        }
        if let Err(refusal) = guard::check(text) {
            return Err(error(field, refusal.to_string()));
        }
    }
    let line = format!("{words} => {meaning}");
    synonym_rules::validate(&line).map_err(|reason| error("words", format!("Check the words: {reason}")))?;
    Ok(line)
}

async fn add_synonym(
    State(state): State<AppState>,
    Extension(signed_in): Extension<crate::auth::SignedIn>,
    Form(form): Form<AddForm>,
) -> Response {
    let line = match new_rule(&form.words, &form.meaning) {
        Ok(line) => line,
        Err(error) => return refuse(&state, &signed_in, None, form.words, form.meaning, error).await,
    };
    let stored = match state.store.synonym_rules().await {
        Ok(stored) => stored.map(|stored| stored.rules).unwrap_or_default(),
        Err(error) => return ApiError::from(error).into_response(),
    };
    let mut rules = stored.trim_end().to_owned();
    rules.push('\n');
    rules.push_str(&line);
    rules.push('\n');
    store_rules(&state, &signed_in.user.email, &rules).await.unwrap_or_else(IntoResponse::into_response)
}

/// Shows the synonyms page again with a problem; nothing is saved.
async fn refuse(
    state: &AppState,
    signed_in: &crate::auth::SignedIn,
    rules: Option<String>,
    words: String,
    meaning: String,
    error: FieldError,
) -> Response {
    match synonyms_page(state, &signed_in.session.csrf_token, rules, words, meaning).await {
        Ok(mut page) => {
            page.error = Some(error);
            (StatusCode::BAD_REQUEST, Html(signpost_web::render_synonyms(&page))).into_response()
        }
        Err(error) => error.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_rule_needs_both_sides_and_plain_words() {
        assert_eq!(new_rule(" Hard  Up ", "debt, money"), Ok("hard up => debt, money".to_owned()));
        assert_eq!(new_rule("", "debt").map_err(|e| e.field), Err("words".to_owned()));
        assert_eq!(new_rule("skint", " ").map_err(|e| e.field), Err("meaning".to_owned()));
        assert_eq!(new_rule("a => b", "c").map_err(|e| e.field), Err("words".to_owned()));
        assert_eq!(new_rule("skint", ",").map_err(|e| e.field), Err("words".to_owned()));
    }
}
