//! Turns the HTML some feeds put in descriptions into plain text with paragraphs.

/// Returns `html` as plain text: tags removed, block ends as paragraph breaks,
/// entities decoded, runs of spaces collapsed.
pub fn html_to_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return html.trim().to_owned();
    }
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            text.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end].trim().to_lowercase();
        let name: String = tag.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
        match name.as_str() {
            "br" => text.push('\n'),
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "table" | "tr" => {
                text.push_str("\n\n")
            }
            "li" if !tag.starts_with('/') => text.push_str("\n• "),
            _ => {}
        }
        rest = &rest[start + end + 1..];
    }
    text.push_str(rest);
    let decoded = decode_entities(&text);
    let paragraphs: Vec<String> = decoded
        .split("\n\n")
        .map(|paragraph| {
            paragraph
                .lines()
                .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|line| !line.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|paragraph| !paragraph.is_empty())
        .collect();
    paragraphs.join("\n\n")
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find(';').filter(|end| *end <= 10);
        let decoded = end.and_then(|end| decode_entity(&after[..end]));
        match (end, decoded) {
            (Some(end), Some(c)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "pound" => '£',
        "rsquo" | "lsquo" => '\'',
        "rdquo" | "ldquo" => '"',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_paragraphs_and_entities_decode() {
        let html = "<h4>Young people&nbsp;aged 16 to 25</h4><p>We help &amp; support.</p><p><br></p>";
        assert_eq!(html_to_text(html), "Young people aged 16 to 25\n\nWe help & support.");
    }

    #[test]
    fn plain_text_is_left_alone() {
        assert_eq!(html_to_text("  Free debt advice  "), "Free debt advice");
    }

    #[test]
    fn list_items_become_bullets() {
        assert_eq!(html_to_text("<ul><li>One</li><li>Two</li></ul>"), "• One\n• Two");
    }
}
