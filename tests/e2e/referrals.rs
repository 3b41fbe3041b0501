//! Referrals to the integrated care plan, end to end against a real HTTP receiver the test
//! starts: outages, errors, time-outs and slow answers, a SIGKILL between commit and
//! delivery, dead letters at the maximum age with replay, signatures checked by an
//! independent implementation, the FHIR rendering, and signed status updates coming back.

use std::{collections::HashMap, process::Stdio, sync::Arc, time::Duration};

use chrono::{TimeZone, Utc};
use reqwest::{header, StatusCode};
use serde_json::Value;
use signpost_server::{
    auth::Role,
    clock::{Clock, FixedClock},
    config::ReferralArgs,
    referrals::{self, ReferralDraft, ReferralSettings},
};
use signpost_tests::{
    fixtures::ServiceBuilder,
    people::{self, client, get_as as get, person as staff, sign_in, Person as Staff},
    receiver::{sign, signed_with, signpost_binary, Mode, Receiver},
    AppOptions, Backend, TestApp, TestData,
};
use uuid::Uuid;

use crate::on_both_backends;

/// The new secret and the old one, both active (rotation).
const NEW_SECRET: &str = "whsec_bmV3IHNlY3JldCBmb3IgdGhlIGNhcmUgcGxhbg==";
const OLD_SECRET: &str = "whsec_b2xkIHNlY3JldCBmb3IgdGhlIGNhcmUgcGxhbg==";
const INBOUND_SECRET: &str = "whsec_c3RhdHVzIHVwZGF0ZXMgZnJvbSB0aGUgcGxhbg==";
/// The FHIR endpoint's own secrets, new and old: no secret signs for two endpoints.
const FHIR_NEW_SECRET: &str = "whsec_ZmhpciBuZXcgc2VjcmV0IGZvciB0aGUgcGxhbg==";
const FHIR_OLD_SECRET: &str = "whsec_ZmhpciBvbGQgc2VjcmV0IGZvciB0aGUgcGxhbg==";

/// The events endpoint's secrets alone, for settings with only that endpoint.
fn events_secrets() -> Option<String> {
    Some(format!("{NEW_SECRET},{OLD_SECRET}"))
}

fn start_time() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).single().unwrap_or_else(Utc::now)
}

/// Referral settings for a receiver: thin events at /events and FHIR at /fhir.
fn referral_args(receiver: &Receiver) -> ReferralArgs {
    ReferralArgs {
        referral_endpoints: Some(format!("{},fhir:{}", receiver.url("/events"), receiver.url("/fhir"))),
        referral_endpoint_secrets: Some(format!("{NEW_SECRET},{OLD_SECRET};{FHIR_NEW_SECRET},{FHIR_OLD_SECRET}")),
        referral_inbound_secrets: Some(INBOUND_SECRET.to_owned()),
        referral_allow_private: true,
        referral_timeout_ms: 500,
        referral_retry_base_ms: 200,
        referral_max_delay_minutes: 10,
        referral_poll_ms: 20,
        ..ReferralArgs::default()
    }
}

async fn app_with(data: &TestData, args: ReferralArgs) -> anyhow::Result<TestApp> {
    TestApp::spawn(data, AppOptions { sample_data: false, now: start_time(), referrals: args, ..AppOptions::default() })
        .await
}

/// Moves the app's clock on by `step` every 10 ms, so back-off delays pass quickly.
fn tick(clock: Arc<FixedClock>, step: chrono::Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut now = start_time();
        loop {
            tokio::time::sleep(Duration::from_millis(10)).await;
            now += step;
            clock.set(now);
        }
    })
}

/// POSTs form pairs (with the CSRF token); returns the status and the Location, or the
/// body when there is no Location.
async fn post(app: &TestApp, who: &Staff, path: &str, pairs: &[(&str, &str)]) -> anyhow::Result<(StatusCode, String)> {
    let answer = people::post(app, who, path, pairs, true).await?;
    Ok((answer.status, if answer.location.is_empty() { answer.body } else { answer.location }))
}

/// Records a referral through the staff form; returns its id.
async fn refer(app: &TestApp, who: &Staff, services: &[Uuid], reference: &str) -> anyhow::Result<Uuid> {
    let ids: Vec<String> = services.iter().map(Uuid::to_string).collect();
    let mut pairs: Vec<(&str, &str)> = ids.iter().map(|id| ("service", id.as_str())).collect();
    pairs.extend([
        ("support_level", "needing-help"),
        ("action", "help-making-contact"),
        ("action", "provide-information"),
        ("care_plan_reference", reference),
        ("note", "Prefers afternoons"),
    ]);
    let (status, location) = post(app, who, "/referrals/new", &pairs).await?;
    anyhow::ensure!(status == StatusCode::SEE_OTHER, "recording answered {status}: {location}");
    let id = location
        .strip_prefix("/referrals/")
        .and_then(|rest| rest.split('?').next())
        .ok_or_else(|| anyhow::anyhow!("unexpected location {location}"))?;
    Ok(id.parse()?)
}

async fn two_services(app: &TestApp) -> anyhow::Result<Vec<Uuid>> {
    let mut ids = Vec::new();
    for name in ["Plain Allotment Club", "Money Advice Drop-in"] {
        let record = ServiceBuilder::new(name).build();
        ids.push(record.service.id);
        app.state.store.upsert_service(&record).await?;
    }
    Ok(ids)
}

fn body(request: &signpost_tests::receiver::Received) -> anyhow::Result<Value> {
    Ok(serde_json::from_str(&request.body)?)
}

/// Checks the FHIR ServiceRequest's structure.
fn assert_service_request(request: &Value, referral: Uuid, reference: &str, services: usize) {
    assert_eq!(request["resourceType"], "ServiceRequest");
    assert_eq!(request["id"], referral.to_string());
    assert_eq!(request["meta"]["profile"][0], "https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest");
    assert!(["active", "revoked"].contains(&request["status"].as_str().unwrap_or_default()), "{request}");
    assert_eq!(request["intent"], "order");
    let coding = &request["code"]["coding"][0];
    assert_eq!(coding["system"], "http://snomed.info/sct");
    assert_eq!(coding["code"], "871731000000106");
    assert_eq!(coding["display"], "Referral to social prescribing service");
    // The subject is the care plan's reference only: no reference to a Patient resource.
    assert_eq!(request["subject"]["identifier"]["value"], reference);
    assert!(request["subject"].get("reference").is_none() && request["subject"].get("display").is_none());
    let contained = request["contained"].as_array().cloned().unwrap_or_default();
    assert_eq!(contained.len(), services, "{request}");
    let performers = request["performer"].as_array().cloned().unwrap_or_default();
    for (resource, performer) in contained.iter().zip(&performers) {
        assert_eq!(resource["resourceType"], "HealthcareService");
        assert!(resource["name"].as_str().is_some_and(|name| !name.is_empty()));
        assert!(resource["identifier"][0]["value"].as_str().is_some());
        // Every contained resource is referenced from the request (FHIR's dom-3 rule).
        assert_eq!(performer["reference"], format!("#{}", resource["id"].as_str().unwrap_or_default()));
    }
    assert!(request["authoredOn"].as_str().is_some_and(|at| chrono::DateTime::parse_from_rfc3339(at).is_ok()));
    assert!(!request["orderDetail"].as_array().cloned().unwrap_or_default().is_empty());
}

async fn an_outage_loses_nothing_and_keeps_order(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let mut receiver = Receiver::start().await?;
    receiver.stop().await;
    let app = app_with(&data, referral_args(&receiver)).await?;
    let ticker = tick(app.clock.clone(), chrono::Duration::seconds(1));
    let who = staff(&app, Role::Staff).await?;
    let services = two_services(&app).await?;

    // Three referrals and a withdrawal while the care plan is down.
    let mut referrals = Vec::new();
    for n in 0..3 {
        referrals.push(refer(&app, &who, &services[..=n % 2], &format!("CP-100000{n}")).await?);
    }
    let (status, _) = post(&app, &who, &format!("/referrals/{}/withdraw", referrals[0]), &[]).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // Failed attempts are logged with no answer and an error.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let log = app.state.store.delivery_log(referrals[0]).await?;
        if log.len() >= 2 {
            assert!(log.iter().all(|attempt| attempt.status_code.is_none() && attempt.error.is_some()), "{log:?}");
            break;
        }
        anyhow::ensure!(tokio::time::Instant::now() < deadline, "no failed attempts logged: {log:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (_, page) = get(&app, &who, &format!("/referrals/{}", referrals[0])).await?;
    assert!(page.contains("Retrying") && page.contains("No answer"), "{page}");

    receiver.restart().await?;
    // 4 events × 2 endpoints.
    receiver
        .wait_for(Duration::from_secs(30), "every event delivered", |requests| {
            let unique: std::collections::HashSet<&str> = requests
                .iter()
                .filter(|request| request.answered == Some(200))
                .map(|request| request.id.as_str())
                .collect();
            unique.len() == 8
        })
        .await?;
    ticker.abort();
    let delivered = receiver.delivered();
    assert_eq!(delivered.len(), 8, "once per webhook id after de-duplication");
    for request in receiver.requests() {
        // Both of the endpoint's active secrets sign; each verifies on its own (rotation);
        // the other endpoint's secrets do not.
        let (own, other) = if request.path == "/fhir" {
            ([FHIR_NEW_SECRET, FHIR_OLD_SECRET], [NEW_SECRET, OLD_SECRET])
        } else {
            ([NEW_SECRET, OLD_SECRET], [FHIR_NEW_SECRET, FHIR_OLD_SECRET])
        };
        assert!(own.iter().all(|secret| signed_with(secret, &request)), "{request:?}");
        assert!(other.iter().all(|secret| !signed_with(secret, &request)), "{request:?}");
        assert!(!signed_with("whsec_d3Jvbmcgc2VjcmV0IGZvciB0ZXN0aW5nIQ==", &request));
        assert_eq!(request.signature.split(' ').count(), 2);
    }
    // Per referral and endpoint: created before withdrawn.
    let events: Vec<Value> = delivered.iter().filter(|r| r.path == "/events").map(body).collect::<Result<_, _>>()?;
    assert_eq!(events.len(), 4);
    let order: Vec<(&str, &str)> = events
        .iter()
        .filter(|event| event["data"]["referral_id"] == referrals[0].to_string())
        .map(|event| (event["type"].as_str().unwrap_or_default(), event["data"]["status"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(order, [("referral.created", "recorded"), ("referral.withdrawn", "withdrawn")]);
    let fhir_order: Vec<&str> = delivered
        .iter()
        .filter(|request| request.path == "/fhir")
        .filter_map(|request| serde_json::from_str::<Value>(&request.body).ok())
        .filter(|resource| resource["id"] == referrals[0].to_string())
        .map(|resource| if resource["status"] == "active" { "active" } else { "revoked" })
        .collect();
    assert_eq!(fhir_order, ["active", "revoked"]);
    // The thin event carries the snapshot, level, actions, reference, role and times.
    let first = events.iter().find(|event| event["data"]["referral_id"] == referrals[1].to_string());
    let data = &first.ok_or_else(|| anyhow::anyhow!("no event for the second referral"))?["data"];
    assert_eq!(data["care_plan_reference"], "CP-1000001");
    assert_eq!(data["support_level"]["code"], "needing-help");
    assert_eq!(data["actions"][0]["code"], "help-making-contact");
    assert_eq!(data["staff_role"], "staff");
    let names: Vec<&str> =
        data["services"].as_array().into_iter().flatten().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, ["Plain Allotment Club", "Money Advice Drop-in"]);
    assert_eq!(data["services"][0]["id"], services[0].to_string());
    assert_eq!(data["services"][0]["url"], "https://example.org/test");
    assert!(data["created_at"].as_str().is_some());
    for request in delivered.iter().filter(|request| request.path == "/fhir") {
        let resource = body(request)?;
        let id: Uuid = resource["id"].as_str().unwrap_or_default().parse()?;
        let index = referrals.iter().position(|referral| *referral == id).unwrap_or_default();
        assert_service_request(&resource, id, &format!("CP-100000{index}"), index % 2 + 1);
    }
    let who = sign_in(&app, who.user).await?;
    let (_, list) = get(&app, &who, "/referrals").await?;
    assert!(list.contains("CP-1000002") && list.contains("Delivered") && list.contains("Withdrawn"), "{list}");
    app.stop().await
}
on_both_backends!(an_outage_loses_nothing_and_keeps_order_, an_outage_loses_nothing_and_keeps_order);

async fn errors_timeouts_and_slow_answers_are_retried(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let receiver = Receiver::start().await?;
    receiver.set_mode(Mode::Status(500));
    let mut args = referral_args(&receiver);
    args.referral_endpoints = Some(receiver.url("/events"));
    args.referral_endpoint_secrets = events_secrets();
    let app = app_with(&data, args).await?;
    let ticker = tick(app.clock.clone(), chrono::Duration::seconds(1));
    let who = staff(&app, Role::Admin).await?;
    let services = two_services(&app).await?;
    let id = refer(&app, &who, &services[..1], "CP-2000000").await?;

    receiver.wait_for(Duration::from_secs(20), "two 500s", |requests| requests.len() >= 2).await?;
    receiver.set_mode(Mode::Hang);
    let before = receiver.requests().len();
    receiver.wait_for(Duration::from_secs(20), "a hung request", |requests| requests.len() > before).await?;
    // A slow answer within the time limit is a delivery.
    receiver.set_mode(Mode::Slow(Duration::from_millis(200)));
    receiver
        .wait_for(Duration::from_secs(20), "a slow 200", |requests| requests.iter().any(|r| r.answered == Some(200)))
        .await?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let outbox = loop {
        let outbox = app.state.store.referral_outbox(id).await?;
        if outbox.iter().all(|row| row.delivered_at.is_some()) {
            break outbox;
        }
        anyhow::ensure!(tokio::time::Instant::now() < deadline, "not delivered: {outbox:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    ticker.abort();
    assert_eq!(outbox.len(), 1);
    let log = app.state.store.delivery_log(id).await?;
    assert!(log.iter().any(|attempt| attempt.status_code == Some(500)), "{log:?}");
    assert!(
        log.iter().any(|attempt| attempt.status_code.is_none()
            && attempt.error.as_deref().is_some_and(|error| error.contains("timed out"))),
        "{log:?}"
    );
    let last = log.last().ok_or_else(|| anyhow::anyhow!("empty log"))?;
    assert_eq!(last.status_code, Some(200));
    assert!(last.duration_ms >= 200, "{last:?}");
    // Every attempt of the one event carried the same webhook id and body.
    let requests = receiver.requests();
    assert!(requests.iter().all(|r| r.id == requests[0].id && r.body == requests[0].body));
    let who = sign_in(&app, who.user).await?;
    let (_, page) = get(&app, &who, &format!("/referrals/{id}")).await?;
    assert!(page.contains("500") && page.contains("Delivered"), "{page}");
    app.stop().await
}
on_both_backends!(errors_timeouts_and_slow_answers_are_retried_, errors_timeouts_and_slow_answers_are_retried);

async fn dead_letters_at_the_maximum_age_and_replays(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let receiver = Receiver::start().await?;
    receiver.set_mode(Mode::Status(503));
    let mut args = referral_args(&receiver);
    args.referral_endpoints = Some(receiver.url("/events"));
    args.referral_endpoint_secrets = events_secrets();
    // Hours between attempts, so only the clock decides when the next one is.
    args.referral_retry_base_ms = 2 * 60 * 60 * 1000;
    args.referral_max_delay_minutes = 12 * 60;
    let app = app_with(&data, args).await?;
    let who = staff(&app, Role::Staff).await?;
    let services = two_services(&app).await?;
    let id = refer(&app, &who, &services[..1], "CP-3000000").await?;
    receiver.wait_for(Duration::from_secs(10), "the first attempt", |requests| requests.len() == 1).await?;

    // Just before the maximum age: retried, not dead.
    let mut hours = 0;
    while hours < 71 {
        hours += 6;
        app.clock.set(start_time() + chrono::Duration::hours(hours.min(71)));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let attempts_before = receiver.requests().len();
    assert!(attempts_before > 1, "retried before the maximum age");
    assert_eq!(app.state.store.count_dead_letters(None).await?, 0);
    // At 72 hours the last attempt fails and the event is dead-lettered.
    app.clock.set(start_time() + chrono::Duration::hours(72) + chrono::Duration::seconds(1));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while app.state.store.count_dead_letters(None).await? == 0 {
        anyhow::ensure!(tokio::time::Instant::now() < deadline, "not dead-lettered");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let outbox = app.state.store.referral_outbox(id).await?;
    assert!(outbox[0].dead_at.is_some() && outbox[0].delivered_at.is_none());
    let attempts = receiver.requests().len();
    app.clock.set(start_time() + chrono::Duration::hours(200));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.requests().len(), attempts, "no attempts after the dead letter");

    // The alert, the list and the replay: the referrer and a referrals lead see the dead
    // letter; other staff neither see nor resend it; curators and commissioners are refused.
    let who = sign_in(&app, who.user).await?;
    let bob_user =
        signpost_server::auth::new_user("bob@example.org", "Bob", Role::Staff, "a long enough password", start_time())?;
    app.state.store.create_user(&bob_user).await?;
    let bob = sign_in(&app, bob_user).await?;
    let lead = staff(&app, Role::ReferralsLead).await?;
    let webhook_id = outbox[0].outbox_id.clone();
    let replay_path = format!("/referrals/dead-letters/{webhook_id}/replay");
    let (_, list) = get(&app, &who, "/referrals").await?;
    assert!(list.contains("1 referral events could not be delivered"), "{list}");
    let (status, page) = get(&app, &who, "/referrals/dead-letters").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&replay_path) && page.contains("My referrals"), "{page}");
    let (_, list) = get(&app, &bob, "/referrals").await?;
    assert!(!list.contains("could not be delivered"), "Bob is not alerted to another's: {list}");
    for path in ["/referrals/dead-letters", "/referrals/dead-letters?team=1"] {
        let (status, page) = get(&app, &bob, path).await?;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(!page.contains(&webhook_id) && !page.contains("?team=1"), "Bob sees no other's dead letter: {page}");
    }
    let (status, _) = post(&app, &bob, &replay_path, &[]).await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "Bob cannot resend another's dead letter");
    assert_eq!(app.state.store.count_dead_letters(None).await?, 1, "still dead");
    for role in [Role::Curator, Role::Commissioner] {
        let (status, _) = get(&app, &staff(&app, role).await?, "/referrals/dead-letters").await?;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
    }
    let (_, page) = get(&app, &lead, "/referrals/dead-letters").await?;
    assert!(!page.contains(&webhook_id), "the lead's own view is their own: {page}");
    assert!(page.contains(r#"href="/referrals/dead-letters?team=1""#), "the lead is offered the team view: {page}");
    assert!(app.state.store.referral_accesses(10).await?.is_empty(), "own reads are not team reads");
    let (status, page) = get(&app, &lead, "/referrals/dead-letters?team=1").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&replay_path) && page.contains("Team referrals"), "{page}");
    receiver.set_mode(Mode::Ok);
    let (status, location) = post(&app, &lead, &replay_path, &[]).await?;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/referrals/dead-letters?done=replayed"));
    let delivered = receiver
        .wait_for(Duration::from_secs(10), "the replayed delivery", |requests| {
            requests.iter().any(|request| request.answered == Some(200))
        })
        .await?;
    assert!(delivered.iter().all(|request| request.id == webhook_id), "the replay keeps the webhook id");
    assert_eq!(app.state.store.count_dead_letters(None).await?, 0);
    let audit = app.state.store.referral_accesses(10).await?;
    let mut actions: Vec<(&str, Option<String>)> =
        audit.iter().map(|access| (access.action.as_str(), access.referral_id.clone())).collect();
    actions.sort();
    assert_eq!(actions, [("dead_letters_team", None), ("resend", Some(id.to_string()))]);
    assert!(audit.iter().all(|access| access.app_user_id == lead.user.id.to_string()));
    let (status, _) = post(&app, &who, &replay_path, &[]).await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "only dead letters replay");
    app.stop().await
}
on_both_backends!(dead_letters_at_the_maximum_age_and_replays_, dead_letters_at_the_maximum_age_and_replays);

async fn signed_status_updates_come_back(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let receiver = Receiver::start().await?;
    let app = app_with(&data, referral_args(&receiver)).await?;
    let who = staff(&app, Role::Staff).await?;
    let services = two_services(&app).await?;
    let id = refer(&app, &who, &services, "CP-4000000").await?;
    let now = app.clock.now().timestamp();
    let send = |webhook_id: &'static str, body: &'static str, secret: &'static str, at: i64| {
        let client = client();
        let url = format!("{}/api/v1/referrals/{id}/status", app.address);
        async move {
            let mut request = client?.post(url).header(header::CONTENT_TYPE, "application/json").body(body);
            for (name, value) in sign(secret, webhook_id, at, body)? {
                request = request.header(name, value);
            }
            let response = request.send().await?;
            let status = response.status();
            Ok::<_, anyhow::Error>((status, response.json::<Value>().await?))
        }
    };
    let (status, answer) = send("msg_a", r#"{"status": "accepted"}"#, INBOUND_SECRET, now).await?;
    assert_eq!((status, answer["duplicate"].clone()), (StatusCode::OK, Value::Bool(false)), "{answer}");
    let (status, answer) = send("msg_a", r#"{"status": "accepted"}"#, INBOUND_SECRET, now).await?;
    assert_eq!((status, answer["duplicate"].clone()), (StatusCode::OK, Value::Bool(true)));
    for (body, secret, at, expected, code) in [
        (r#"{"status": "completed"}"#, NEW_SECRET, now, StatusCode::BAD_REQUEST, "bad_signature"),
        (r#"{"status": "completed"}"#, INBOUND_SECRET, now - 3600, StatusCode::BAD_REQUEST, "bad_signature"),
        (r#"{"status": "declined"}"#, INBOUND_SECRET, now, StatusCode::BAD_REQUEST, "reason_required"),
        (r#"{"status": "lost"}"#, INBOUND_SECRET, now, StatusCode::BAD_REQUEST, "bad_status"),
    ] {
        let (status, answer) = send("msg_b", body, secret, at).await?;
        assert_eq!((status, answer["error"]["code"].as_str()), (expected, Some(code)), "{body}: {answer}");
    }
    assert_eq!(app.state.store.referral(id).await?.status.as_str(), "accepted");
    let (status, _) =
        send("msg_c", r#"{"status": "declined", "reason": "Service is full until spring"}"#, INBOUND_SECRET, now)
            .await?;
    assert_eq!(status, StatusCode::OK);
    let (_, page) = get(&app, &who, &format!("/referrals/{id}")).await?;
    assert!(page.contains("Declined: Service is full until spring"), "{page}");
    let (_, list) = get(&app, &who, "/referrals").await?;
    assert!(list.contains("Declined: Service is full until spring"), "{list}");
    // An unsigned update is refused.
    let response = client()?.post(format!("{}/api/v1/referrals/{id}/status", app.address)).body("{}").send().await?;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    app.stop().await
}
on_both_backends!(signed_status_updates_come_back_, signed_status_updates_come_back);

async fn bad_referrals_are_refused_and_change_nothing(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let receiver = Receiver::start().await?;
    let app = app_with(&data, referral_args(&receiver)).await?;
    let who = staff(&app, Role::Staff).await?;
    let services = two_services(&app).await?;
    let service = services[0].to_string();
    // The form, reached from a shortlist or the results.
    let (status, form) = get(&app, &who, &format!("/referrals/new?service={service}")).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("Plain Allotment Club") && form.contains(&who.csrf), "{form}");
    for (reference, level, action, field) in [
        ("9434765919", "needing-help", "help-making-contact", "care_plan_reference"),
        ("Jane Smith", "needing-help", "help-making-contact", "care_plan_reference"),
        ("CP-1234567", "", "help-making-contact", "support_level"),
        ("CP-1234567", "needing-help", "fly-to-the-moon", "actions"),
    ] {
        let pairs = [
            ("service", service.as_str()),
            ("support_level", level),
            ("action", action),
            ("care_plan_reference", reference),
        ];
        let (status, page) = post(&app, &who, "/referrals/new", &pairs).await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{reference} {level} {action}");
        assert!(page.contains("There is a problem") && page.contains(&format!(r##"href="#{field}""##)), "{page}");
    }
    let (status, _) = post(&app, &who, "/referrals/new", &[("service", "not-a-uuid")]).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(app.state.store.referrals(10).await?.is_empty(), "nothing saved");
    assert_eq!(app.state.store.count_undelivered().await?, 0);
    // Only staff (and admins) record referrals; anonymous visitors are sent to sign in.
    let (status, _) = get(&app, &staff(&app, Role::Commissioner).await?, "/referrals").await?;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let response = client()?.get(format!("{}/referrals", app.address)).send().await?;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // Staff see "Record in care plan" on a shortlist; the public does not.
    let (_, shortlist) = get(&app, &who, &format!("/shortlist?ids={service}")).await?;
    assert!(shortlist.contains(&format!(r#"href="/referrals/new?service={service}""#)), "{shortlist}");
    let public = client()?.get(format!("{}/shortlist?ids={service}", app.address)).send().await?.text().await?;
    assert!(!public.contains("Record in care plan"));
    app.stop().await
}
on_both_backends!(bad_referrals_are_refused_and_change_nothing_, bad_referrals_are_refused_and_change_nothing);

async fn private_addresses_are_refused_unless_allowed(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let receiver = Receiver::start().await?;
    let mut args = referral_args(&receiver);
    // `localhost` goes through the resolver; 127.0.0.1 is an IP literal.
    args.referral_endpoints =
        Some(format!("{},{}", receiver.url("/events"), receiver.url("/events").replace("127.0.0.1", "localhost")));
    args.referral_allow_private = false;
    let app = app_with(&data, args).await?;
    let who = staff(&app, Role::Staff).await?;
    let services = two_services(&app).await?;
    let id = refer(&app, &who, &services[..1], "CP-5000000").await?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let log = loop {
        let log = app.state.store.delivery_log(id).await?;
        let endpoints: std::collections::HashSet<&str> = log.iter().map(|row| row.endpoint.as_str()).collect();
        if endpoints.len() == 2 {
            break log;
        }
        anyhow::ensure!(tokio::time::Instant::now() < deadline, "no attempts: {log:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(
        log.iter().all(|row| row.error.as_deref().is_some_and(|error| error.contains("private or internal"))),
        "{log:?}"
    );
    assert!(receiver.requests().is_empty(), "nothing reached the internal address");
    app.stop().await
}
on_both_backends!(private_addresses_are_refused_unless_allowed_, private_addresses_are_refused_unless_allowed);

/// Starts the real binary with the referral settings in its environment.
fn spawn_signpost(data: &TestData, args: &ReferralArgs) -> anyhow::Result<std::process::Child> {
    let storage = data.storage_args("child");
    let mut env: HashMap<&str, String> = HashMap::new();
    env.insert("SIGNPOST_DATA_DIR", storage.data_dir.display().to_string());
    env.insert("SIGNPOST_SEED_DIR", storage.seed_dir.display().to_string());
    env.insert("SIGNPOST_DATABASE_URL", storage.database_url());
    env.insert("SIGNPOST_LISTEN", "127.0.0.1:0".into());
    env.insert("SIGNPOST_NO_SAMPLE_DATA", "true".into());
    env.insert("SIGNPOST_REFERRAL_ENDPOINTS", args.referral_endpoints.clone().unwrap_or_default());
    env.insert("SIGNPOST_REFERRAL_SECRETS", args.referral_secrets.clone().unwrap_or_default());
    env.insert("SIGNPOST_REFERRAL_ENDPOINT_SECRETS", args.referral_endpoint_secrets.clone().unwrap_or_default());
    env.insert("SIGNPOST_REFERRAL_ALLOW_PRIVATE", "true".into());
    env.insert("SIGNPOST_REFERRAL_TIMEOUT_MS", args.referral_timeout_ms.to_string());
    env.insert("SIGNPOST_REFERRAL_RETRY_BASE_MS", args.referral_retry_base_ms.to_string());
    env.insert("SIGNPOST_REFERRAL_POLL_MS", args.referral_poll_ms.to_string());
    env.insert("RUST_LOG", "warn".into());
    Ok(std::process::Command::new(signpost_binary()?)
        .arg("serve")
        .envs(env)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?)
}

async fn a_referral_survives_sigkill_between_commit_and_delivery(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let mut receiver = Receiver::start().await?;
    receiver.set_mode(Mode::Hang);
    let mut args = referral_args(&receiver);
    args.referral_endpoints = Some(receiver.url("/events"));
    args.referral_endpoint_secrets = events_secrets();
    args.referral_timeout_ms = 1_000;
    args.referral_retry_base_ms = 100;
    let mut child = spawn_signpost(&data, &args)?;
    // Commit a referral in the shared database, as the child's own form would.
    let store = data.store().await?;
    let record = ServiceBuilder::new("Plain Allotment Club").build();
    store.upsert_service(&record).await?;
    let settings = ReferralSettings::from_args(&args)?;
    let draft = ReferralDraft {
        service_ids: vec![record.service.id],
        support_level: "needing-more-help".into(),
        actions: vec!["support-to-access".into()],
        care_plan_reference: "CP-6000000".into(),
        note: String::new(),
    };
    let referral = referrals::record(store.as_ref(), &settings, &draft, (Uuid::new_v4(), Role::Staff), Utc::now(), "")
        .await
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    // The child is mid-send (the receiver never answers) when it is killed.
    let sent =
        receiver.wait_for(Duration::from_secs(60), "the child's first send", |requests| !requests.is_empty()).await;
    child.kill()?; // SIGKILL
    child.wait()?;
    sent?;
    let outbox = store.referral_outbox(referral.id).await?;
    assert!(outbox[0].delivered_at.is_none() && outbox[0].attempts == 0, "killed before the attempt was logged");

    receiver.restart().await?;
    receiver.set_mode(Mode::Ok);
    let mut child = spawn_signpost(&data, &args)?;
    let recorded = async {
        receiver
            .wait_for(Duration::from_secs(60), "delivery after restart", |requests| {
                requests.iter().any(|r| r.answered == Some(200))
            })
            .await?;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while store.referral_outbox(referral.id).await?[0].delivered_at.is_none() {
            anyhow::ensure!(tokio::time::Instant::now() < deadline, "delivery not recorded");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok::<_, anyhow::Error>(())
    }
    .await;
    child.kill()?;
    child.wait()?;
    recorded?;
    let delivered = receiver.delivered();
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].id, outbox[0].outbox_id, "the same webhook id, so the receiver can de-duplicate");
    assert!(signed_with(NEW_SECRET, &delivered[0]));
    assert_eq!(body(&delivered[0])?["data"]["referral_id"], referral.id.to_string());
    Ok(())
}
on_both_backends!(
    a_referral_survives_sigkill_between_commit_and_delivery_,
    a_referral_survives_sigkill_between_commit_and_delivery
);

/// Returns the text inside the form's note field.
fn note_field(page: &str) -> &str {
    let after = page.find(r#"name="note""#).map_or("", |at| &page[at..]);
    let start = after.find('>').map_or(after.len(), |at| at + 1);
    let inside = &after[start..];
    let text = inside.find("</textarea>").map_or(inside, |end| &inside[..end]);
    // A newline straight after `<textarea>` is not part of the value (HTML drops it).
    text.strip_prefix('\n').unwrap_or(text)
}

/// Posts a referral with `reference` and `note`; returns the status and page.
async fn post_referral(
    app: &TestApp,
    who: &Staff,
    service: &str,
    reference: &str,
    note: &str,
) -> anyhow::Result<(StatusCode, String)> {
    let pairs = [
        ("service", service),
        ("support_level", "needing-help"),
        ("action", "help-making-contact"),
        ("care_plan_reference", reference),
        ("note", note),
    ];
    post(app, who, "/referrals/new", &pairs).await
}

async fn identifying_text_is_refused_stored_nowhere_and_not_echoed(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let receiver = Receiver::start().await?;
    let app = app_with(&data, referral_args(&receiver)).await?;
    let who = staff(&app, Role::Staff).await?;
    let services = two_services(&app).await?;
    let service = services[0].to_string();
    // (note, what the message must name, words of the note that must not come back)
    for (note, named, secrets) in [
        ("Referred after a call, NHS number 943 476 5919", "an NHS number", &["943 476 5919", "9434765919"][..]),
        ("Lives at LE4 5AB, prefers mornings", "a full postcode", &["LE4 5AB"][..]),
        ("Mrs Smith would like a call back", "a person's name", &["Smith"][..]),
    ] {
        let (status, page) = post_referral(&app, &who, &service, "CP-1234567", note).await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{note}");
        assert!(page.contains("There is a problem") && page.contains(r##"href="#note""##), "{page}");
        assert!(page.contains(named) && page.contains("Your note was not kept"), "{note}: {page}");
        for secret in secrets {
            assert!(!page.contains(secret), "{secret:?} echoed back: {page}");
        }
        // The rest of the form is kept, so only the note needs typing again.
        assert!(page.contains(r#"value="CP-1234567""#), "{page}");
        assert_eq!(note_field(&page), "", "the note field comes back empty");
    }
    // A reference that is a name, an NHS number, or not the care plan's pattern.
    for (reference, named) in [
        ("943 476 5919", "an NHS number"),
        ("Mrs Smith", "a person's name"),
        ("Ward 7 bed 3", "exactly as the care plan shows it"),
    ] {
        let (status, page) = post_referral(&app, &who, &service, reference, "Prefers afternoons").await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{reference}");
        assert!(page.contains(r##"href="#care_plan_reference""##) && page.contains(named), "{reference}: {page}");
        assert!(page.contains("What you entered was not kept"), "{page}");
        assert!(!page.contains(reference), "{reference:?} echoed back: {page}");
        assert!(page.contains("Prefers afternoons"), "a clean note is kept: {page}");
    }
    // A note too long but harmless is kept to be shortened.
    let long = "Prefers afternoons. ".repeat(60);
    let (status, page) = post_referral(&app, &who, &service, "CP-1234567", &long).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("1,000 characters or fewer"), "{page}");
    assert_eq!(note_field(&page).trim(), long.trim(), "a harmless note is kept");
    // Nothing was stored: no referral, no outbox row, nothing sent.
    assert!(app.state.store.referrals(10).await?.is_empty(), "nothing saved");
    assert_eq!(app.state.store.count_undelivered().await?, 0);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(receiver.requests().is_empty());
    app.stop().await
}
on_both_backends!(
    identifying_text_is_refused_stored_nowhere_and_not_echoed_,
    identifying_text_is_refused_stored_nowhere_and_not_echoed
);

async fn staff_see_only_their_own_referrals_and_a_lead_sees_all_audited(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = app_with(&data, ReferralArgs::default()).await?;
    let services = two_services(&app).await?;
    let ann = staff(&app, Role::Staff).await?;
    let bob_user =
        signpost_server::auth::new_user("bob@example.org", "Bob", Role::Staff, "a long enough password", start_time())?;
    app.state.store.create_user(&bob_user).await?;
    let bob = sign_in(&app, bob_user).await?;
    let lead_user = signpost_server::auth::new_user_with_roles(
        "lead@example.org",
        "Lee",
        &[Role::Staff, Role::ReferralsLead],
        "a long enough password",
        start_time(),
    )?;
    app.state.store.create_user(&lead_user).await?;
    let lead = sign_in(&app, lead_user).await?;
    let anns = refer(&app, &ann, &services[..1], "CP-7000001").await?;
    let bobs = refer(&app, &bob, &services[1..], "CP-7000002").await?;

    let (_, list) = get(&app, &ann, "/referrals").await?;
    assert!(list.contains("CP-7000001") && !list.contains("CP-7000002"), "Ann lists only hers: {list}");
    let (_, list) = get(&app, &ann, "/referrals?team=1").await?;
    assert!(!list.contains("CP-7000002"), "staff have no team view: {list}");
    let (status, page) = get(&app, &ann, &format!("/referrals/{bobs}")).await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "another's referral is not shown: {page}");
    let (status, _) = post(&app, &ann, &format!("/referrals/{bobs}/withdraw"), &[]).await?;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(app.state.store.referral(bobs).await?.status, referrals::ReferralStatus::Recorded, "not withdrawn");
    let (status, _) = post(&app, &bob, &format!("/referrals/{bobs}/withdraw"), &[]).await?;
    assert_eq!(status, StatusCode::SEE_OTHER, "Bob withdraws his own");
    assert!(app.state.store.referral_accesses(10).await?.is_empty(), "own reads are not team reads");

    // The lead sees the team's referrals, and each such read is audited.
    let (_, list) = get(&app, &lead, "/referrals").await?;
    assert!(!list.contains("CP-7000001"), "the lead's own list is their own");
    let (_, list) = get(&app, &lead, "/referrals?team=1").await?;
    assert!(list.contains("CP-7000001") && list.contains("CP-7000002"), "{list}");
    let (status, page) = get(&app, &lead, &format!("/referrals/{anns}")).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("CP-7000001") && !page.contains("Withdraw referral"), "read, not withdrawn: {page}");
    let (status, _) = post(&app, &lead, &format!("/referrals/{anns}/withdraw"), &[]).await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "only the referrer withdraws");
    let audit = app.state.store.referral_accesses(10).await?;
    let mut actions: Vec<(&str, Option<String>)> =
        audit.iter().map(|access| (access.action.as_str(), access.referral_id.clone())).collect();
    actions.sort();
    assert_eq!(actions, [("list_team", None), ("read", Some(anns.to_string()))]);
    assert!(audit.iter().all(|access| access.app_user_id == lead.user.id.to_string()));
    app.stop().await
}
on_both_backends!(
    staff_see_only_their_own_referrals_and_a_lead_sees_all_audited_,
    staff_see_only_their_own_referrals_and_a_lead_sees_all_audited
);
