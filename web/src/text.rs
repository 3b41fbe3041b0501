//! Small wording and link helpers: capitals, distances, phone and web links.

use crate::query::encode;

/// Escapes text for use inside an HTML element or a quoted attribute.
///
/// Leptos does not escape the text children of `<textarea>`, so text shown in a textarea goes
/// through this and `inner_html` instead.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Returns the text with its first letter in capitals ("checked 3 months ago" → "Checked …").
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Formats a distance such as "1.2 km"; under 0.1 km reads "less than 0.1 km".
pub(crate) fn format_km(km: f64) -> String {
    if km < 0.1 {
        "less than 0.1 km".to_owned()
    } else if km < 10.0 {
        format!("{km:.1} km")
    } else {
        format!("{km:.0} km")
    }
}

/// Returns a `tel:` link holding only the digits (and a leading `+`) of a phone number.
pub(crate) fn tel_href(phone: &str) -> String {
    let trimmed = phone.trim_start();
    let plus = if trimmed.starts_with('+') { "+" } else { "" };
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    format!("tel:{plus}{digits}")
}

/// Returns a safe link for a website: `http(s)` links as given, bare names with `https://`.
///
/// Anything with another scheme (such as `javascript:`) gets no link.
pub(crate) fn website_href(website: &str) -> Option<String> {
    let trimmed = website.trim();
    let lower = trimmed.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Some(trimmed.to_owned());
    }
    let looks_like_host = !trimmed.is_empty()
        && !trimmed.contains(':')
        && !trimmed.contains(char::is_whitespace)
        && trimmed.contains('.');
    looks_like_host.then(|| format!("https://{trimmed}"))
}

/// Returns a Google Maps directions link to an address.
pub(crate) fn directions_href(address: &str) -> String {
    format!("https://www.google.com/maps/dir/?api=1&destination={}", encode(address))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_html_escapes_markup_characters() {
        assert_eq!(
            escape_html(r#"</textarea><b a="1">'&'"#),
            "&lt;/textarea&gt;&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;"
        );
    }

    #[test]
    fn tel_href_keeps_only_digits() {
        let cases = [
            ("0116 123 4567", "tel:01161234567"),
            ("(0116) 123-4567 ext", "tel:01161234567"),
            ("+44 116 123 4567", "tel:+441161234567"),
        ];
        for (phone, expected) in cases {
            assert_eq!(tel_href(phone), expected, "phone {phone:?}");
        }
    }

    #[test]
    fn website_href_refuses_other_schemes() {
        let cases = [
            ("https://example.org/a", Some("https://example.org/a")),
            ("www.example.org", Some("https://www.example.org")),
            ("javascript:alert(1)", None),
            ("JavaScript:alert(1)", None),
            ("not a site", None),
        ];
        for (site, expected) in cases {
            assert_eq!(website_href(site).as_deref(), expected, "site {site:?}");
        }
    }

    #[test]
    fn format_km_rounds_sensibly() {
        assert_eq!(format_km(1.234), "1.2 km");
        assert_eq!(format_km(12.6), "13 km");
        assert_eq!(format_km(0.01), "less than 0.1 km");
    }

    #[test]
    fn capitalise_changes_only_the_first_letter() {
        assert_eq!(capitalise("checked 3 months ago"), "Checked 3 months ago");
        assert_eq!(capitalise(""), "");
    }
}
