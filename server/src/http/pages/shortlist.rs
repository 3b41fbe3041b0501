//! The shortlist: services a person keeps without an account, in a cookie. It can be
//! shared as a link (`/shortlist?ids=…`), printed, and copied as plain text.

use axum::{
    extract::{Query, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
    Form,
};
use serde::Deserialize;
use signpost_web::{ShortlistItem, ShortlistPage};
use uuid::Uuid;

use super::{addresses, page_error};
use crate::{documents::summary, opening::opening_table, state::AppState, storage::RecordStatus};

pub(super) const COOKIE: &str = "signpost_shortlist";
/// Most services a shortlist holds (a cookie must stay small).
pub(super) const MAX_ITEMS: usize = 30;
const ONE_YEAR_SECONDS: u32 = 365 * 24 * 60 * 60;

/// The ids on a shortlist, in the order they were added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shortlist {
    ids: Vec<Uuid>,
}

impl Shortlist {
    /// Parses a list of UUIDs separated by `separator`, skipping anything else.
    pub fn parse(list: &str, separator: char) -> Self {
        let mut shortlist = Self::default();
        for id in list.split(separator).filter_map(|part| Uuid::parse_str(part.trim()).ok()) {
            shortlist.add(id);
        }
        shortlist
    }

    /// Reads the shortlist cookie from request headers.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|cookies| cookies.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == COOKIE)
            .map(|(_, value)| Self::parse(value, '.'))
            .unwrap_or_default()
    }

    /// Returns how many services it holds.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Returns true when it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Returns true when it holds the service with this id.
    pub fn contains(&self, id: &str) -> bool {
        Uuid::parse_str(id).is_ok_and(|id| self.ids.contains(&id))
    }

    /// Adds a service (no duplicates; the oldest drops off past `MAX_ITEMS`).
    pub fn add(&mut self, id: Uuid) {
        if !self.ids.contains(&id) {
            self.ids.push(id);
        }
        if self.ids.len() > MAX_ITEMS {
            self.ids.remove(0);
        }
    }

    /// Removes a service.
    pub fn remove(&mut self, id: Uuid) {
        self.ids.retain(|existing| *existing != id);
    }

    /// Returns the ids.
    pub fn ids(&self) -> &[Uuid] {
        &self.ids
    }

    fn joined(&self, separator: &str) -> String {
        self.ids.iter().map(Uuid::to_string).collect::<Vec<_>>().join(separator)
    }

    /// Returns the Set-Cookie value that stores this shortlist.
    fn cookie(&self, secure: bool) -> HeaderValue {
        let secure = if secure { "; Secure" } else { "" };
        let value = if self.is_empty() {
            format!("{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}")
        } else {
            format!("{COOKIE}={}; Path=/; Max-Age={ONE_YEAR_SECONDS}; HttpOnly; SameSite=Lax{secure}", self.joined("."))
        };
        HeaderValue::from_str(&value).expect("BUG: uuids and fixed text make a valid header")
    }
}

/// `?ids=` on the shortlist pages: a shared list instead of the visitor's own.
#[derive(Debug, Deserialize)]
pub(super) struct ShortlistQuery {
    ids: Option<String>,
}

/// Fields of the add and remove forms.
#[derive(Debug, Deserialize)]
pub(super) struct ChangeForm {
    id: Option<String>,
    return_to: Option<String>,
}

/// Fields of the "save to my shortlist" form on a shared list.
#[derive(Debug, Deserialize)]
pub(super) struct SaveForm {
    ids: Option<String>,
}

/// Returns `return_to` when it is a path on this site, so the form cannot redirect away.
fn local_path(return_to: Option<&str>) -> &str {
    match return_to {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => path,
        _ => "/shortlist",
    }
}

fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if !state.public_url.is_empty() {
        return state.public_url.to_string();
    }
    let host = headers.get(header::HOST).and_then(|host| host.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}

async fn load(state: &AppState, headers: &HeaderMap, query: &ShortlistQuery) -> Result<ShortlistPage, Response> {
    let own = Shortlist::from_headers(headers);
    let shared = query.ids.as_deref().map(|ids| Shortlist::parse(ids, ','));
    let list = shared.clone().unwrap_or_else(|| own.clone());
    let records = state.store.get_services(list.ids()).await.map_err(|error| page_error(error.into()))?;
    let mut items = Vec::with_capacity(list.len());
    for id in list.ids() {
        let Some(record) = records.iter().find(|record| record.service.id == *id) else { continue };
        if record.record_status != RecordStatus::Published {
            continue;
        }
        let service = &record.service;
        items.push(ShortlistItem {
            id: service.id.to_string(),
            name: service.name.clone(),
            organisation: service.organization.as_ref().map(|org| org.name.clone()).unwrap_or_default(),
            summary: summary(service.description.as_deref().unwrap_or_default()),
            phones: service.phones.iter().map(|phone| phone.number.clone()).collect(),
            address: addresses(service).into_iter().next(),
            website: service.url.clone(),
            opening_hours: opening_table(&service.schedules),
            url: format!("{}/services/{}", base_url(state, headers), service.id),
        });
    }
    let ids: Vec<String> = items.iter().map(|item| item.id.clone()).collect();
    Ok(ShortlistPage {
        plain_text: signpost_web::shortlist_plain_text(&items),
        share_url: format!("{}/shortlist?ids={}", base_url(state, headers), ids.join(",")),
        shared: shared.is_some(),
        ids,
        items,
        shortlist_count: own.len(),
        record_href: None,
    })
}

pub(super) async fn page(
    State(state): State<AppState>,
    signed_in: Option<axum::Extension<crate::auth::SignedIn>>,
    headers: HeaderMap,
    Query(query): Query<ShortlistQuery>,
) -> Response {
    match load(&state, &headers, &query).await {
        Ok(mut page) => {
            // Staff record the listed services in the care plan (see `http::referrals`).
            let staff = signed_in.is_some_and(|who| crate::http::referrals::STAFF.allows(&who.user.roles));
            if staff && !page.ids.is_empty() {
                let services: Vec<String> = page.ids.iter().map(|id| format!("service={id}")).collect();
                page.record_href = Some(format!("/referrals/new?{}", services.join("&")));
            }
            Html(signpost_web::render_shortlist(&page)).into_response()
        }
        Err(response) => response,
    }
}

pub(super) async fn print(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<ShortlistQuery>,
) -> Response {
    match load(&state, &headers, &query).await {
        Ok(page) => Html(signpost_web::render_shortlist_print(&page)).into_response(),
        Err(response) => response,
    }
}

pub(super) async fn plain_text(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<ShortlistQuery>,
) -> Response {
    match load(&state, &headers, &query).await {
        Ok(page) => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], page.plain_text).into_response(),
        Err(response) => response,
    }
}

fn redirect_with(shortlist: &Shortlist, state: &AppState, to: &str) -> Response {
    let secure = state.public_url.starts_with("https://");
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().insert(header::SET_COOKIE, shortlist.cookie(secure));
    response
}

fn bad_form() -> Response {
    (StatusCode::BAD_REQUEST, Html(signpost_web::render_not_found())).into_response()
}

pub(super) async fn add(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<ChangeForm>) -> Response {
    let Some(id) = form.id.as_deref().and_then(|id| Uuid::parse_str(id).ok()) else { return bad_form() };
    if let Err(error) = super::published_service(&state, &id.to_string()).await {
        return page_error(error);
    }
    let mut shortlist = Shortlist::from_headers(&headers);
    shortlist.add(id);
    redirect_with(&shortlist, &state, local_path(form.return_to.as_deref()))
}

pub(super) async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<ChangeForm>,
) -> Response {
    let Some(id) = form.id.as_deref().and_then(|id| Uuid::parse_str(id).ok()) else { return bad_form() };
    let mut shortlist = Shortlist::from_headers(&headers);
    shortlist.remove(id);
    redirect_with(&shortlist, &state, local_path(form.return_to.as_deref()))
}

pub(super) async fn save(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<SaveForm>) -> Response {
    let mut shortlist = Shortlist::from_headers(&headers);
    for id in Shortlist::parse(form.ids.as_deref().unwrap_or_default(), ',').ids() {
        shortlist.add(*id);
    }
    redirect_with(&shortlist, &state, "/shortlist")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_round_trip_and_ignore_junk() {
        let a = Uuid::new_v4();
        let b = Uuid::new_v4();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("other=1; {COOKIE}={a}.junk.{b}.{a}")).expect("header"),
        );
        let shortlist = Shortlist::from_headers(&headers);
        assert_eq!(shortlist.ids(), &[a, b]);
        assert!(shortlist.contains(&b.to_string()));
        let cookie = shortlist.cookie(true);
        let text = cookie.to_str().expect("ascii");
        assert!(text.starts_with(&format!("{COOKIE}={a}.{b};")), "{text}");
        assert!(text.contains("HttpOnly") && text.contains("SameSite=Lax") && text.ends_with("Secure"));
    }

    #[test]
    fn the_list_is_capped_and_removal_works() {
        let mut shortlist = Shortlist::default();
        let ids: Vec<Uuid> = (0..MAX_ITEMS + 2).map(|_| Uuid::new_v4()).collect();
        for id in &ids {
            shortlist.add(*id);
        }
        assert_eq!(shortlist.len(), MAX_ITEMS);
        assert!(!shortlist.contains(&ids[0].to_string()), "oldest dropped");
        shortlist.remove(ids[5]);
        assert_eq!(shortlist.len(), MAX_ITEMS - 1);
        assert!(shortlist.cookie(false).to_str().is_ok_and(|text| !text.contains("Secure")));
    }

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(local_path(Some("/search?q=debt")), "/search?q=debt");
        assert_eq!(local_path(Some("//evil.example")), "/shortlist");
        assert_eq!(local_path(Some("https://evil.example")), "/shortlist");
        assert_eq!(local_path(None), "/shortlist");
    }
}
