//! Builds URLs: percent-encoding and `/search` links that keep every form field.

use crate::view_model::SearchForm;

/// Percent-encodes text for use in a URL query value (RFC 3986 unreserved characters stay).
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte));
            }
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0x0f)]));
            }
        }
    }
    out
}

/// Formats a number for a URL or a label: `5` rather than `5.0`.
pub(crate) fn number(value: f64) -> String {
    format!("{value}")
}

/// Returns the form's non-empty fields as `(name, value)` pairs, in form order.
pub(crate) fn form_pairs(form: &SearchForm) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    if !form.q.is_empty() {
        pairs.push(("q", form.q.clone()));
    }
    if !form.location.is_empty() {
        pairs.push(("location", form.location.clone()));
    }
    if let Some(radius) = form.radius_km {
        pairs.push(("radius_km", number(radius)));
    }
    if let Some(need) = &form.need {
        pairs.push(("need", need.clone()));
    }
    if let Some(age) = form.age {
        pairs.push(("age", age.to_string()));
    }
    if form.free {
        pairs.push(("free", "true".to_owned()));
    }
    if form.open_now {
        pairs.push(("open_now", "true".to_owned()));
    }
    if let Some(delivery) = &form.delivery {
        pairs.push(("delivery", delivery.clone()));
    }
    for audience in &form.audiences {
        pairs.push(("audience", audience.clone()));
    }
    pairs
}

/// Returns a `/search` link for the form, plus `page` when it is above 1.
pub(crate) fn search_url(form: &SearchForm, page: u32) -> String {
    let mut pairs = form_pairs(form);
    if page > 1 {
        pairs.push(("page", page.to_string()));
    }
    let query = pairs.iter().map(|(name, value)| format!("{name}={}", encode(value))).collect::<Vec<_>>().join("&");
    if query.is_empty() {
        "/search".to_owned()
    } else {
        format!("/search?{query}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_escapes_reserved_and_non_ascii_characters() {
        let cases = [
            ("LE1 6ZG", "LE1%206ZG"),
            ("a&b=c", "a%26b%3Dc"),
            ("café", "caf%C3%A9"),
            ("safe-_.~", "safe-_.~"),
            ("<script>", "%3Cscript%3E"),
        ];
        for (input, expected) in cases {
            assert_eq!(encode(input), expected, "encoding {input:?}");
        }
    }

    #[test]
    fn search_url_keeps_every_field_and_the_page() {
        // Arrange
        let form = SearchForm {
            q: "food bank".into(),
            location: "LE1 6ZG".into(),
            radius_km: Some(10.0),
            need: Some("money".into()),
            age: Some(17),
            free: true,
            open_now: true,
            delivery: Some("phone".into()),
            audiences: vec!["carers".into(), "older_people".into()],
        };

        // Act
        let url = search_url(&form, 3);

        // Assert
        assert_eq!(
            url,
            "/search?q=food%20bank&location=LE1%206ZG&radius_km=10&need=money&age=17\
             &free=true&open_now=true&delivery=phone&audience=carers&audience=older_people&page=3"
        );
    }

    #[test]
    fn search_url_for_an_empty_form_has_no_query() {
        assert_eq!(search_url(&SearchForm::default(), 1), "/search");
    }
}
