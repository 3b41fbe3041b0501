//! Checks and tidies an incoming service before it is stored: empty text becomes
//! absent, and anything a person could not use (a bad date, URL, email, coordinate or
//! opening time) rejects the record with a reason.

use chrono::{Months, NaiveDate};

use crate::{hsds::Service, opening};

const STATUSES: [&str; 4] = ["active", "inactive", "defunct", "temporarily closed"];

fn tidy(field: &mut Option<String>) {
    if let Some(value) = field {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            *field = None;
        } else if trimmed.len() != value.len() {
            *field = Some(trimmed.to_owned());
        }
    }
}

/// Returns the tidied service, or why it cannot be stored.
pub(crate) fn normalise(mut service: Service) -> Result<Service, String> {
    service.name = service.name.trim().to_owned();
    if service.name.is_empty() {
        return Err("the service has no name".into());
    }
    for field in [
        &mut service.alternate_name,
        &mut service.description,
        &mut service.url,
        &mut service.email,
        &mut service.interpretation_services,
        &mut service.application_process,
        &mut service.fees_description,
        &mut service.wait_time,
        &mut service.accreditations,
        &mut service.eligibility_description,
        &mut service.assured_date,
        &mut service.assurer_email,
        &mut service.alert,
        &mut service.last_modified,
    ] {
        tidy(field);
    }
    service.status = service.status.trim().to_lowercase();
    if !STATUSES.contains(&service.status.as_str()) {
        return Err(format!("status {:?} is not one of active, inactive, defunct, temporarily closed", service.status));
    }
    service.url = service.url.take().map(|url| check_url(&url)).transpose()?;
    for email in [&service.email, &service.assurer_email].into_iter().flatten() {
        check_email(email)?;
    }
    if let Some(date) = &service.assured_date {
        let day = date.get(..10).unwrap_or(date);
        NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .map_err(|_| format!("assured_date {date:?} is not a date (YYYY-MM-DD)"))?;
        service.assured_date = Some(day.to_owned());
    }
    for age in [service.minimum_age, service.maximum_age].into_iter().flatten() {
        if !(0..=130).contains(&age) {
            return Err(format!("age {age} is out of range"));
        }
    }
    if let (Some(min), Some(max)) = (service.minimum_age, service.maximum_age) {
        if min > max {
            return Err(format!("minimum_age {min} is above maximum_age {max}"));
        }
    }
    if let Some(org) = &mut service.organization {
        org.name = org.name.trim().to_owned();
        tidy(&mut org.email);
        tidy(&mut org.website);
        if org.name.is_empty() {
            return Err("the organisation has no name".into());
        }
        org.website = org.website.take().map(|url| check_url(&url)).transpose()?;
    }
    for phone in &mut service.phones {
        phone.number = phone.number.trim().trim_matches('"').trim().to_owned();
        if !phone.number.chars().any(|c| c.is_ascii_digit()) {
            return Err(format!("phone {:?} has no digits", phone.number));
        }
    }
    for schedule in &service.schedules {
        opening::validate(schedule).map_err(|error| format!("schedule {}: {error}", schedule.id))?;
    }
    for sal in &mut service.service_at_locations {
        let location = &mut sal.location;
        match (location.latitude, location.longitude) {
            (Some(lat), Some(lon)) => {
                if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                    return Err(format!("location {} has coordinates out of range ({lat}, {lon})", location.id));
                }
            }
            (None, None) => {}
            _ => return Err(format!("location {} has only one of latitude and longitude", location.id)),
        }
        if !["physical", "postal", "virtual"].contains(&location.location_type.as_str()) {
            return Err(format!(
                "location {} has type {:?}, not physical, postal or virtual",
                location.id, location.location_type
            ));
        }
        location.url = location.url.take().map(|url| check_url(&url)).transpose()?;
    }
    for cost in &service.cost_options {
        if cost.amount.is_some_and(|amount| !amount.is_finite() || amount < 0.0) {
            return Err(format!("cost option {} has a negative or invalid amount", cost.id));
        }
    }
    Ok(service)
}

/// Returns a usable URL: one with no scheme gets https; anything else must parse as an
/// http(s) URL with a host (feeds have "http:www.example.org" and the like).
pub(crate) fn check_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    if url.contains(char::is_whitespace) {
        return Err(format!("url {url:?} contains spaces"));
    }
    let has_scheme = url.contains("://") || url.starts_with("http:") || url.starts_with("https:");
    if !has_scheme && !url.contains('.') {
        return Err(format!("url {url:?} is not a web address"));
    }
    let candidate = if has_scheme { url.to_owned() } else { format!("https://{url}") };
    let parsed = url::Url::parse(&candidate).map_err(|_| format!("url {url:?} is not a web address"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("url {url:?} is not http or https"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!("url {url:?} has no host"));
    }
    Ok(parsed.to_string())
}

pub(crate) fn check_email(email: &str) -> Result<(), String> {
    let mut parts = email.split('@');
    let valid = matches!((parts.next(), parts.next(), parts.next()), (Some(local), Some(domain), None)
        if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !email.contains(char::is_whitespace));
    if valid {
        Ok(())
    } else {
        Err(format!("email {email:?} is not an email address"))
    }
}

/// Returns the date six months after `date` ("YYYY-MM-DD"): the default review interval.
pub(super) fn six_months_after(date: &str) -> Option<String> {
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some(day.checked_add_months(Months::new(6))?.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_without_a_scheme_get_https() {
        assert_eq!(check_url("www.example.org"), Ok("https://www.example.org/".into()));
        assert_eq!(check_url("http:www.example.org"), Ok("http://www.example.org/".into()));
        assert_eq!(check_url("https://example.org/a?b=c"), Ok("https://example.org/a?b=c".into()));
        assert!(check_url("ftp://example.org").is_err());
        assert!(check_url("not a url").is_err());
    }

    #[test]
    fn emails_are_checked() {
        assert!(check_email("cko@example.org").is_ok());
        assert!(check_email("nobody").is_err());
        assert!(check_email("a@b@c.org").is_err());
    }

    #[test]
    fn review_is_due_six_months_after_assurance() {
        assert_eq!(six_months_after("2026-05-31").as_deref(), Some("2026-11-30"));
    }
}
