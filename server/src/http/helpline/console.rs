//! The curator's helpline pages in the console: the local roles directory (list, add,
//! edit, delete), queries whose service staff found elsewhere, and a service's internal
//! note for staff.

use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{Html, IntoResponse, Redirect, Response},
    Extension,
};
use chrono_tz::Europe::London;
use serde::Deserialize;
use signpost_web::{
    FieldError, FoundElsewherePage, FoundElsewhereRow, InternalNotePage, LocalRoleEditPage, LocalRoleForm,
    LocalRoleRow, LocalRolesPage,
};
use uuid::Uuid;

use super::{
    area_label, check_text, district_choices, field_error, first, need_label, optional, page_error, pairs, pcn_choices,
    role_kind_label, role_kinds,
};
use crate::{
    auth::SignedIn,
    http::{accounts::CONSOLE, policy::PolicyRouter},
    state::AppState,
    storage::{
        accounts::{parse_time, time_text},
        helpline::{InternalNote, LocalRole},
    },
};

/// How many found-elsewhere queries the curator sees.
const FOUND_ELSEWHERE_LIMIT: i64 = 200;

/// Longest title or organisation.
const MAX_NAME_CHARS: usize = 120;

/// Console helpline routes.
pub(super) fn router() -> PolicyRouter {
    PolicyRouter::new()
        .get("/console/local-roles", list, CONSOLE)
        .get("/console/local-roles/new", new_form, CONSOLE)
        .post("/console/local-roles/new", create, CONSOLE)
        .get("/console/local-roles/{id}/edit", edit_form, CONSOLE)
        .post("/console/local-roles/{id}/edit", save, CONSOLE)
        .post("/console/local-roles/{id}/delete", delete, CONSOLE)
        .get("/console/found-elsewhere", found_elsewhere, CONSOLE)
        .get("/console/services/{id}/internal-note", note_form, CONSOLE)
        .post("/console/services/{id}/internal-note", save_note, CONSOLE)
}

// ---- Local roles ----

#[derive(Debug, Default, Deserialize)]
struct DoneQuery {
    done: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Query(query): Query<DoneQuery>,
) -> Response {
    let roles = match state.store.local_roles().await {
        Ok(roles) => roles,
        Err(error) => return page_error(error),
    };
    let rows = roles
        .into_iter()
        .map(|role| LocalRoleRow {
            id: role.id.to_string(),
            kind: role_kind_label(&role.role_kind),
            area: area_label(&state.reference.geography, role.district_code.as_deref(), role.pcn_code.as_deref()),
            title: role.title,
            organisation: role.organisation,
        })
        .collect();
    let notice = match query.done.as_deref() {
        Some("saved") => Some("Local role saved.".to_owned()),
        Some("deleted") => Some("Local role deleted.".to_owned()),
        _ => None,
    };
    let page = LocalRolesPage { csrf_token: signed_in.session.csrf_token.clone(), rows, notice };
    Html(signpost_web::render_local_roles(&page)).into_response()
}

fn edit_page(
    state: &AppState,
    signed_in: &SignedIn,
    action: String,
    heading: String,
    form: LocalRoleForm,
    errors: Vec<FieldError>,
) -> Response {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let page = LocalRoleEditPage {
        csrf_token: signed_in.session.csrf_token.clone(),
        action,
        heading,
        kinds: role_kinds(),
        districts: district_choices(state),
        pcns: pcn_choices(state),
        form,
        errors,
    };
    (status, Html(signpost_web::render_local_role_edit(&page))).into_response()
}

fn form_of(role: &LocalRole) -> LocalRoleForm {
    LocalRoleForm {
        role_kind: role.role_kind.clone(),
        title: role.title.clone(),
        organisation: role.organisation.clone(),
        district: role.district_code.clone().unwrap_or_default(),
        pcn: role.pcn_code.clone().unwrap_or_default(),
        how_to_contact: role.how_to_contact.clone(),
        notes: role.notes.clone(),
    }
}

fn form_from(body: &[u8]) -> LocalRoleForm {
    let map = pairs(body);
    LocalRoleForm {
        role_kind: first(&map, "role_kind"),
        title: first(&map, "title"),
        organisation: first(&map, "organisation"),
        district: first(&map, "district"),
        pcn: first(&map, "pcn"),
        how_to_contact: first(&map, "how_to_contact"),
        notes: first(&map, "notes"),
    }
}

/// Checks a local role. Its text is about a job, not a patient, so it is not run through
/// the patient-data guard (a team's email address is a fine way to reach them); it is
/// checked for length and shape instead.
fn validate(state: &AppState, form: &LocalRoleForm) -> Result<LocalRole, Vec<FieldError>> {
    let geography = &state.reference.geography;
    let mut errors = Vec::new();
    if !role_kinds().iter().any(|(code, _)| *code == form.role_kind) {
        errors.push(field_error("role_kind", "Select a role"));
    }
    for (field, label, value) in
        [("title", "a job title", &form.title), ("organisation", "an organisation", &form.organisation)]
    {
        if value.trim().is_empty() {
            errors.push(field_error(field, format!("Enter {label}")));
        } else if value.chars().count() > MAX_NAME_CHARS {
            errors.push(field_error(field, format!("Use {MAX_NAME_CHARS} characters or fewer")));
        }
    }
    if geography.district(form.district.trim()).is_none() {
        errors.push(field_error("district", "Select a district"));
    }
    let pcn = optional(&form.pcn);
    if let Some(code) = pcn.as_deref() {
        match geography.pcn(code) {
            None => errors.push(field_error("pcn", "Select a primary care network from the list")),
            Some(found) if found.district_code != form.district.trim() => {
                errors.push(field_error("pcn", "That primary care network is not in the chosen district"));
            }
            Some(_) => {}
        }
    }
    if form.how_to_contact.trim().is_empty() {
        errors.push(field_error("how_to_contact", "Enter how staff contact them"));
    } else if form.how_to_contact.chars().count() > 500 {
        errors.push(field_error("how_to_contact", "Use 500 characters or fewer"));
    }
    if form.notes.chars().count() > 1000 {
        errors.push(field_error("notes", "Use 1000 characters or fewer"));
    }
    for (field, value, multiline) in [
        ("title", &form.title, false),
        ("organisation", &form.organisation, false),
        ("how_to_contact", &form.how_to_contact, true),
        ("notes", &form.notes, true),
    ] {
        if crate::plain_text::has_control(value, multiline) {
            errors.retain(|error| error.field != field);
            errors.push(field_error(field, crate::plain_text::CONTROL_MESSAGE));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(LocalRole {
        role_kind: form.role_kind.clone(),
        title: form.title.trim().to_owned(),
        organisation: form.organisation.trim().to_owned(),
        pcn_code: pcn,
        district_code: optional(&form.district),
        how_to_contact: form.how_to_contact.trim().to_owned(),
        notes: form.notes.trim().to_owned(),
        ..LocalRole::default()
    })
}

async fn store_role(
    state: &AppState,
    signed_in: &SignedIn,
    id: Uuid,
    body: &[u8],
    action: String,
    heading: String,
) -> Response {
    let form = form_from(body);
    let mut role = match validate(state, &form) {
        Ok(role) => role,
        Err(errors) => return edit_page(state, signed_in, action, heading, form, errors),
    };
    role.id = id;
    role.updated_at = time_text(state.clock.now());
    role.updated_by = signed_in.user.email.clone();
    if let Err(error) = state.store.save_local_role(&role).await {
        return page_error(error);
    }
    Redirect::to("/console/local-roles?done=saved").into_response()
}

async fn new_form(State(state): State<AppState>, Extension(signed_in): Extension<SignedIn>) -> Response {
    let action = "/console/local-roles/new".to_owned();
    edit_page(&state, &signed_in, action, "Add a local role".to_owned(), LocalRoleForm::default(), Vec::new())
}

async fn create(State(state): State<AppState>, Extension(signed_in): Extension<SignedIn>, body: Bytes) -> Response {
    let action = "/console/local-roles/new".to_owned();
    store_role(&state, &signed_in, Uuid::new_v4(), &body, action, "Add a local role".to_owned()).await
}

async fn existing(state: &AppState, id: &str) -> Result<LocalRole, Response> {
    let Ok(id) = Uuid::parse_str(id) else { return Err(page_error(crate::storage::Error::NotFound)) };
    state.store.local_role(id).await.map_err(page_error)
}

async fn edit_form(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
) -> Response {
    match existing(&state, &id).await {
        Ok(role) => {
            let action = format!("/console/local-roles/{}/edit", role.id);
            edit_page(&state, &signed_in, action, format!("Edit {}", role.title), form_of(&role), Vec::new())
        }
        Err(response) => response,
    }
}

async fn save(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    match existing(&state, &id).await {
        Ok(role) => {
            let action = format!("/console/local-roles/{}/edit", role.id);
            store_role(&state, &signed_in, role.id, &body, action, format!("Edit {}", role.title)).await
        }
        Err(response) => response,
    }
}

async fn delete(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match existing(&state, &id).await {
        Ok(role) => match state.store.delete_local_role(role.id).await {
            Ok(()) => Redirect::to("/console/local-roles?done=deleted").into_response(),
            Err(error) => page_error(error),
        },
        Err(response) => response,
    }
}

// ---- Found elsewhere ----

async fn found_elsewhere(State(state): State<AppState>) -> Response {
    let queries = match state.store.helpline_queries_with_outcome("found_elsewhere", FOUND_ELSEWHERE_LIMIT).await {
        Ok(queries) => queries,
        Err(error) => return page_error(error),
    };
    let rows = queries
        .into_iter()
        .map(|query| FoundElsewhereRow {
            logged: parse_time(&query.created_at)
                .map(|at| at.with_timezone(&London).format("%-d %b %Y %H:%M").to_string())
                .unwrap_or(query.created_at),
            needs: query.needs.iter().map(|need| need_label(&state, need)).collect::<Vec<_>>().join(", "),
            area: area_label(&state.reference.geography, query.district_code.as_deref(), query.pcn_code.as_deref()),
            searched: query.search_text,
            notes: query.notes,
        })
        .collect();
    Html(signpost_web::render_found_elsewhere(&FoundElsewherePage { rows })).into_response()
}

// ---- Internal notes ----

async fn note_page(
    state: &AppState,
    signed_in: &SignedIn,
    id: &str,
    note: Option<String>,
    errors: Vec<FieldError>,
) -> Response {
    let Ok(uuid) = Uuid::parse_str(id) else { return page_error(crate::storage::Error::NotFound) };
    let record = match state.store.get_service(uuid).await {
        Ok(record) => record,
        Err(error) => return page_error(error),
    };
    let note = match note {
        Some(note) => note,
        None => match state.store.internal_notes(&[uuid.to_string()]).await {
            Ok(notes) => notes.into_iter().next().map(|note| note.note).unwrap_or_default(),
            Err(error) => return page_error(error),
        },
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let page = InternalNotePage {
        csrf_token: signed_in.session.csrf_token.clone(),
        service_id: uuid.to_string(),
        service_name: record.service.name,
        note,
        errors,
    };
    (status, Html(signpost_web::render_internal_note(&page))).into_response()
}

async fn note_form(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
) -> Response {
    note_page(&state, &signed_in, &id, None, Vec::new()).await
}

async fn save_note(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let note = first(&pairs(&body), "note");
    let mut errors = Vec::new();
    check_text("note", "a note", &note, false, &mut errors);
    if !errors.is_empty() {
        return note_page(&state, &signed_in, &id, Some(note), errors).await;
    }
    let Ok(uuid) = Uuid::parse_str(&id) else { return page_error(crate::storage::Error::NotFound) };
    if let Err(error) = state.store.get_service(uuid).await {
        return page_error(error);
    }
    let stored = InternalNote {
        service_id: uuid.to_string(),
        note: note.trim().to_owned(),
        updated_at: time_text(state.clock.now()),
        updated_by: signed_in.user.email.clone(),
    };
    if let Err(error) = state.store.set_internal_note(&stored).await {
        return page_error(error);
    }
    Redirect::to(&format!("/console/services/{uuid}?done=saved")).into_response()
}
