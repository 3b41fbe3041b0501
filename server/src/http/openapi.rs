//! The public API's contract: an OpenAPI 3.1 document at `/api/v1/openapi.json`, built
//! here beside the routes it describes (a test checks that it covers every public API route
//! the router registers, and schemathesis checks the answers against it), and a readable
//! page at `/api/docs` rendered from the same document on the server (no scripts, no CDN).
//!
//! The feed's records use the Open Referral UK 3.0 profile's own JSON schemas (copied into
//! `server/openapi/oruk3/`), so the contract is the profile's.

use axum::{
    extract::State,
    http::HeaderMap,
    response::{Html, IntoResponse},
    Json,
};
use serde_json::{json, Map, Value};

use super::{oruk, policy::PolicyRouter};
use crate::{auth::Policy, state::AppState};

/// Contract routes.
pub fn router() -> PolicyRouter {
    PolicyRouter::new().get("/api/v1/openapi.json", openapi_json, Policy::Public).get(
        "/api/docs",
        api_docs,
        Policy::Public,
    )
}

/// The ORUK 3.0 profile's schemas, by name.
const ORUK_SCHEMAS: [(&str, &str); 17] = [
    ("accessibility", include_str!("../../openapi/oruk3/accessibility.json")),
    ("address", include_str!("../../openapi/oruk3/address.json")),
    ("attribute", include_str!("../../openapi/oruk3/attribute.json")),
    ("contact", include_str!("../../openapi/oruk3/contact.json")),
    ("cost_option", include_str!("../../openapi/oruk3/cost_option.json")),
    ("funding", include_str!("../../openapi/oruk3/funding.json")),
    ("language", include_str!("../../openapi/oruk3/language.json")),
    ("location", include_str!("../../openapi/oruk3/location.json")),
    ("organization", include_str!("../../openapi/oruk3/organization.json")),
    ("organization_identifier", include_str!("../../openapi/oruk3/organization_identifier.json")),
    ("phone", include_str!("../../openapi/oruk3/phone.json")),
    ("schedule", include_str!("../../openapi/oruk3/schedule.json")),
    ("service", include_str!("../../openapi/oruk3/service.json")),
    ("service_area", include_str!("../../openapi/oruk3/service_area.json")),
    ("service_at_location", include_str!("../../openapi/oruk3/service_at_location.json")),
    ("taxonomy", include_str!("../../openapi/oruk3/taxonomy.json")),
    ("taxonomy_term", include_str!("../../openapi/oruk3/taxonomy_term.json")),
];

/// Rewrites the profile's file references (`"$ref": "phone.json"`) to this document's
/// components, and drops keys OpenAPI tools misread (`$id`, `$schema`).
fn localise(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.remove("$id");
            object.remove("$schema");
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                if let Some(name) = reference.strip_suffix(".json") {
                    *reference = format!("#/components/schemas/{name}");
                }
            }
            object.values_mut().for_each(localise);
        }
        Value::Array(items) => items.iter_mut().for_each(localise),
        _ => {}
    }
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

fn path_id(what: &str) -> Value {
    json!({ "name": "id", "in": "path", "required": true, "description": format!("The {what}'s id."),
            "schema": { "type": "string", "format": "uuid" } })
}

fn json_response(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn error_response(description: &str) -> Value {
    json_response(description, reference("Error"))
}

fn page_of(item: &str) -> Value {
    json!({ "allOf": [reference("Page")], "properties": { "contents": { "type": "array", "items": reference(item) } } })
}

fn page_params() -> Vec<Value> {
    vec![
        query("page", "Page number, from 1.", json!({ "type": "integer", "minimum": 1, "maximum": 1_000_000 })),
        query(
            "per_page",
            "Items per page (default 50).",
            json!({ "type": "integer", "minimum": 1, "maximum": oruk::MAX_PER_PAGE }),
        ),
    ]
}

fn feed_filters() -> Vec<Value> {
    let uuid = json!({ "type": "string", "format": "uuid" });
    vec![
        query("search", "Words in the name or description.", json!({ "type": "string", "maxLength": 200 })),
        query("taxonomy_term_id", "Services linked to this taxonomy term.", uuid.clone()),
        query("taxonomy_id", "Services linked to any term of this taxonomy.", uuid.clone()),
        query("organization_id", "Services this organisation provides.", uuid),
        query(
            "modified_after",
            "Records Signpost changed at or after this time (for nightly harvests).",
            json!({ "type": "string", "format": "date-time" }),
        ),
        query(
            "postcode",
            "A UK postcode. Alone: services with a location within 10 km or whose service area covers it.",
            json!({ "type": "string" }),
        ),
        query(
            "proximity",
            "With postcode: only services with a location within this many metres of it.",
            json!({ "type": "number", "exclusiveMinimum": 0, "maximum": oruk::MAX_PROXIMITY_METRES }),
        ),
        query("full_service", "Fully nested services instead of one-to-one fields.", json!({ "type": "boolean" })),
    ]
}

fn get(id: &str, summary: &str, tag: &str, parameters: Vec<Value>, responses: Value) -> Value {
    json!({ "get": { "operationId": id, "summary": summary, "tags": [tag], "parameters": parameters,
                     "responses": responses } })
}

fn listing(id: &str, summary: &str, item: &str, parameters: Vec<Value>) -> Value {
    get(
        id,
        summary,
        "Open Referral UK",
        parameters,
        json!({ "200": json_response("One page.", page_of(item)), "400": error_response("A parameter is wrong.") }),
    )
}

fn one(id: &str, summary: &str, what: &str, schema: Value, mut parameters: Vec<Value>) -> Value {
    parameters.insert(0, path_id(what));
    get(
        id,
        summary,
        "Open Referral UK",
        parameters,
        json!({ "200": json_response("Found.", schema), "400": error_response("A parameter is wrong."),
                "404": error_response("No visible record has that id.") }),
    )
}

/// Returns the OpenAPI 3.1 document, with `base` as the server address.
pub fn document(base: &str) -> Value {
    let mut schemas = Map::new();
    for (name, text) in ORUK_SCHEMAS {
        let mut schema: Value = serde_json::from_str(text).expect("BUG: the bundled ORUK schemas are JSON");
        localise(&mut schema);
        schemas.insert(name.to_owned(), schema);
    }
    schemas.insert(
        "Error".into(),
        json!({ "type": "object", "required": ["error"], "properties": { "error": { "type": "object",
            "required": ["code", "message"],
            "properties": { "code": { "type": "string", "description": "Stable snake_case code to match on." },
                            "message": { "type": "string", "description": "What to change, for people." } } } } }),
    );
    schemas.insert(
        "Page".into(),
        json!({ "type": "object",
            "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
            "properties": {
                "total_items": { "type": "integer", "minimum": 0 }, "total_pages": { "type": "integer", "minimum": 0 },
                "page_number": { "type": "integer", "minimum": 1 }, "page": { "type": "integer", "minimum": 1 },
                "per_page": { "type": "integer", "minimum": 1 }, "size": { "type": "integer", "minimum": 0 },
                "first_page": { "type": "boolean" }, "last_page": { "type": "boolean" }, "empty": { "type": "boolean" },
                "contents": { "type": "array" } } }),
    );
    // Signpost's own search: open objects (more fields may be added), so clients and this
    // contract stay compatible as the answer grows.
    schemas.insert(
        "SearchResult".into(),
        json!({ "type": "object", "required": ["id", "name", "url"], "properties": {
            "id": { "type": "string", "format": "uuid" }, "name": { "type": "string" },
            "organisation": { "type": "string" }, "summary": { "type": "string" },
            "distance_km": { "type": ["number", "null"] }, "needs": { "type": "array", "items": { "type": "string" } },
            "free": { "type": "boolean" }, "open_now": { "type": ["boolean", "null"] },
            "assured_date": { "type": ["string", "null"] }, "url": { "type": "string" } } }),
    );
    schemas.insert(
        "SearchResponse".into(),
        json!({ "type": "object", "required": ["total", "page", "per_page", "results", "facets"], "properties": {
            "total": { "type": "integer", "minimum": 0 }, "page": { "type": "integer" }, "per_page": { "type": "integer" },
            "location": { "type": ["object", "null"], "properties": {
                "label": { "type": "string" }, "lat": { "type": "number" }, "lon": { "type": "number" } } },
            "results": { "type": "array", "items": reference("SearchResult") },
            "facets": { "type": "object" } } }),
    );
    schemas.insert(
        "Needs".into(),
        json!({ "type": "object", "required": ["needs"], "properties": { "needs": { "type": "array", "items": {
            "type": "object", "required": ["id", "slug", "label", "count"], "properties": {
                "slug": { "type": "string" }, "label": { "type": "string" }, "count": { "type": "integer", "minimum": 0 },
                "children": { "type": "array" } } } } } }),
    );
    let text = |description: &str| json!({ "type": "string", "description": description });
    let search_params = vec![
        query("q", "Words, as a person would type them.", text("At most 200 characters.")),
        query("location", "A postcode, postcode district or place.", json!({ "type": "string" })),
        query("lat", "Latitude, with lon instead of location.", json!({ "type": "number" })),
        query("lon", "Longitude.", json!({ "type": "number" })),
        query("radius_km", "Search radius in km.", json!({ "type": "number" })),
        query("need", "Need slugs, comma-separated.", json!({ "type": "string" })),
        query("age", "The person's age in years.", json!({ "type": "integer" })),
        query("free", "Free services only.", json!({ "type": "boolean" })),
        query("open_now", "Services open now only.", json!({ "type": "boolean" })),
        query("delivery", "in_person, phone or online.", json!({ "type": "string" })),
        query("page", "Page number, from 1.", json!({ "type": "integer" })),
        query("per_page", "Results per page.", json!({ "type": "integer" })),
    ];
    let mut services_params = page_params();
    services_params.extend(feed_filters());
    let mut plain_params = page_params();
    plain_params.push(query("search", "Words in the name.", json!({ "type": "string", "maxLength": 200 })));
    let mut term_params = plain_params.clone();
    term_params.push(query("taxonomy_id", "Terms of this taxonomy.", json!({ "type": "string", "format": "uuid" })));
    let info_schema = json!({ "type": "object", "required": ["version", "profile", "openapi_url"], "properties": {
        "version": { "type": "string" }, "profile": { "type": "string", "format": "uri" },
        "openapi_url": { "type": "string", "format": "uri" } } });
    let info = get(
        "getApiInformation",
        "The HSDS version and Open Referral UK profile of this feed",
        "Open Referral UK",
        vec![],
        json!({ "200": json_response("About this API.", info_schema) }),
    );
    let full_service = vec![query("full_service", "Fully nested services.", json!({ "type": "boolean" }))];
    let mut organization = reference("organization");
    organization = json!({ "allOf": [organization], "properties": { "services": {
        "type": "array", "items": reference("service") } } });
    let sal_schema =
        json!({ "allOf": [reference("service_at_location")], "properties": { "service": reference("service") } });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Signpost API",
            "version": "1.0.0",
            "summary": "Community services in Leicester, Leicestershire and Rutland, as an Open Referral UK 3.0 feed and a search.",
            "description": "Public data: no key, CORS open to every site, JSON answers. Errors answer \
                `{\"error\": {\"code\", \"message\"}}` with a stable `code`. The feed lists only published \
                records of services that are not inactive or defunct.",
            "license": { "name": "Open Government Licence v3.0", "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" },
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "servers": [{ "url": base }],
        "paths": {
            "/api/v1": info.clone(),
            "/api/v1/": info,
            "/api/v1/services": listing("listServices", "Services, paged and filtered", "service", services_params.clone()),
            "/api/v1/services/{id}": one("getService", "A fully nested service", "service", reference("service"), vec![]),
            "/api/v1/organizations": listing("listOrganizations", "Organisations providing a visible service", "organization", plain_params.clone()),
            "/api/v1/organizations/{id}": one("getOrganization", "An organisation with its services", "organization", organization, full_service),
            "/api/v1/taxonomies": listing("listTaxonomies", "Taxonomies", "taxonomy", page_params()),
            "/api/v1/taxonomies/{id}": one("getTaxonomy", "A taxonomy with its terms", "taxonomy", reference("taxonomy"), vec![]),
            "/api/v1/taxonomy_terms": listing("listTaxonomyTerms", "Taxonomy terms", "taxonomy_term", term_params),
            "/api/v1/taxonomy_terms/{id}": one("getTaxonomyTerm", "A taxonomy term", "taxonomy term", reference("taxonomy_term"), vec![]),
            "/api/v1/service_at_locations": listing("listServiceAtLocations", "Services at locations, paged and filtered", "service_at_location", services_params),
            "/api/v1/service_at_locations/{id}": one("getServiceAtLocation", "A service at a location", "service at location", sal_schema, vec![]),
            "/api/v1/search": get("search", "Signpost's own search: words, place, needs and filters, ranked", "Search", search_params,
                json!({ "200": json_response("Results.", reference("SearchResponse")), "400": error_response("A parameter is wrong.") })),
            "/api/v1/needs": get("listNeeds", "The needs taxonomy with counts of published services", "Search", vec![],
                json!({ "200": json_response("The needs.", reference("Needs")) })),
            "/api/v1/referrals/{id}/status": {
                "post": {
                    "operationId": "updateReferralStatus",
                    "summary": "The care plan reports a referral's status (Standard Webhooks signature required)",
                    "tags": ["Referrals"],
                    "parameters": [path_id("referral")],
                    "requestBody": { "required": true, "content": { "application/json": { "schema": {
                        "type": "object", "required": ["status"], "properties": {
                            "status": { "type": "string", "enum": ["accepted", "declined", "completed"] },
                            "reason": { "type": "string", "maxLength": 500 } } } } } },
                    "responses": {
                        "200": json_response("Recorded (or already recorded).", json!({ "type": "object", "properties": {
                            "referral_id": { "type": "string", "format": "uuid" }, "status": { "type": "string" },
                            "duplicate": { "type": "boolean" } } })),
                        "400": error_response("Bad signature or body."),
                        "404": error_response("No such referral."),
                    },
                },
            },
            "/healthz": get("health", "The database answers and the index is open", "Health", vec![], json!({
                "200": json_response("Healthy.", json!({ "type": "object", "required": ["status"], "properties": {
                    "status": { "type": "string" }, "services": { "type": "integer" }, "indexed": { "type": "integer" } } })),
                "503": json_response("The database does not answer.", json!({ "type": "object" })),
            })),
        },
        "components": { "schemas": schemas },
    })
}

async fn openapi_json(State(state): State<AppState>, headers: HeaderMap) -> Json<Value> {
    Json(document(&oruk::absolute_base(&state, &headers)))
}

/// Escapes text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Renders the document as a plain page: each operation with its parameters and answers.
pub fn render_docs(document: &Value) -> String {
    let mut body = String::new();
    let title = document["info"]["title"].as_str().unwrap_or("API");
    body.push_str(&format!("<h1>{}</h1>", escape(title)));
    body.push_str(&format!(
        "<p class=\"nhsuk-lede-text\">{}</p><p>{}</p>",
        escape(document["info"]["summary"].as_str().unwrap_or_default()),
        escape(document["info"]["description"].as_str().unwrap_or_default()),
    ));
    body.push_str("<p>The machine-readable contract: <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a> (OpenAPI 3.1).</p>");
    body.push_str("<h2>Operations</h2><ul class=\"nhsuk-list\">");
    let paths = document["paths"].as_object().cloned().unwrap_or_default();
    for (path, item) in &paths {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let id = operation["operationId"].as_str().unwrap_or_default();
            body.push_str(&format!(
                "<li><a href=\"#{}\">{} {}</a></li>",
                escape(id),
                escape(&method.to_uppercase()),
                escape(path)
            ));
        }
    }
    body.push_str("</ul>");
    for (path, item) in &paths {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let id = operation["operationId"].as_str().unwrap_or_default();
            body.push_str(&format!(
                "<section id=\"{}\"><h2><code>{} {}</code></h2><p>{}</p>",
                escape(id),
                escape(&method.to_uppercase()),
                escape(path),
                escape(operation["summary"].as_str().unwrap_or_default())
            ));
            if let Some(parameters) = operation["parameters"].as_array().filter(|list| !list.is_empty()) {
                body.push_str(
                    "<table class=\"nhsuk-table\"><caption class=\"nhsuk-table__caption\">Parameters</caption>\
                     <thead class=\"nhsuk-table__head\"><tr class=\"nhsuk-table__row\">\
                     <th scope=\"col\" class=\"nhsuk-table__header\">Name</th>\
                     <th scope=\"col\" class=\"nhsuk-table__header\">In</th>\
                     <th scope=\"col\" class=\"nhsuk-table__header\">Type</th>\
                     <th scope=\"col\" class=\"nhsuk-table__header\">Meaning</th></tr></thead><tbody class=\"nhsuk-table__body\">",
                );
                for parameter in parameters {
                    let schema = &parameter["schema"];
                    let kind = match schema["format"].as_str() {
                        Some(format) => format!("{} ({format})", schema["type"].as_str().unwrap_or("string")),
                        None => schema["type"].as_str().unwrap_or("string").to_owned(),
                    };
                    body.push_str(&format!(
                        "<tr class=\"nhsuk-table__row\"><td class=\"nhsuk-table__cell\"><code>{}</code></td>\
                         <td class=\"nhsuk-table__cell\">{}</td><td class=\"nhsuk-table__cell\">{}</td>\
                         <td class=\"nhsuk-table__cell\">{}</td></tr>",
                        escape(parameter["name"].as_str().unwrap_or_default()),
                        escape(parameter["in"].as_str().unwrap_or_default()),
                        escape(&kind),
                        escape(parameter["description"].as_str().unwrap_or_default()),
                    ));
                }
                body.push_str("</tbody></table>");
            }
            body.push_str("<h3>Answers</h3><ul class=\"nhsuk-list nhsuk-list--bullet\">");
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                body.push_str(&format!(
                    "<li><strong>{}</strong>: {}</li>",
                    escape(status),
                    escape(response["description"].as_str().unwrap_or_default())
                ));
            }
            body.push_str("</ul></section>");
        }
    }
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} - Signpost</title><link rel=\"stylesheet\" href=\"/static/signpost.css\"></head>\
         <body><div class=\"nhsuk-width-container\"><main class=\"nhsuk-main-wrapper\" id=\"maincontent\">{body}</main></div></body></html>",
        escape(title)
    )
}

async fn api_docs(State(state): State<AppState>, headers: HeaderMap) -> impl IntoResponse {
    Html(render_docs(&document(&oruk::absolute_base(&state, &headers))))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use axum::http::Method;

    use super::*;

    #[test]
    fn the_document_covers_every_public_api_route_and_nothing_else() {
        let document = document("http://localhost");
        let registered: BTreeSet<(String, String)> = crate::http::routes()
            .routes()
            .iter()
            .filter(|entry| entry.policy == Policy::Public)
            .filter(|entry| entry.path.starts_with("/api/v1") || entry.path == "/healthz")
            .filter(|entry| entry.path != "/api/v1/openapi.json")
            .map(|entry| (entry.method.as_str().to_lowercase(), entry.path.to_owned()))
            .collect();
        let documented: BTreeSet<(String, String)> = document["paths"]
            .as_object()
            .expect("paths")
            .iter()
            .flat_map(|(path, item)| {
                item.as_object().expect("path item").keys().map(move |method| (method.clone(), path.clone()))
            })
            .collect();
        assert_eq!(documented, registered, "documented operations = public API routes");
        assert!(registered.contains(&(Method::GET.as_str().to_lowercase(), "/api/v1/services".into())));
    }

    #[test]
    fn every_reference_resolves_inside_the_document() {
        fn walk(value: &Value, found: &mut Vec<String>) {
            match value {
                Value::Object(object) => {
                    if let Some(Value::String(reference)) = object.get("$ref") {
                        found.push(reference.clone());
                    }
                    object.values().for_each(|child| walk(child, found));
                }
                Value::Array(items) => items.iter().for_each(|child| walk(child, found)),
                _ => {}
            }
        }
        let document = document("http://localhost");
        let mut references = Vec::new();
        walk(&document, &mut references);
        assert!(references.len() > 20);
        for reference in references {
            let pointer = reference.strip_prefix('#').expect("only local references");
            assert!(document.pointer(pointer).is_some(), "{reference} resolves");
        }
    }

    #[test]
    fn the_docs_page_escapes_and_lists_every_operation() {
        let page = render_docs(&document("http://localhost"));
        assert!(page.contains("GET /api/v1/services/{id}"));
        assert!(page.contains("POST /api/v1/referrals/{id}/status"));
        assert!(!page.contains("<script"), "no scripts: it works under a strict CSP");
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
