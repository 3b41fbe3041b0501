//! Plain text from people and feeds: control characters are refused in forms (with a
//! field error) and stripped from imported records, so no NUL byte reaches storage
//! (PostgreSQL refuses it in text and answered 500, issue 13).

use serde_json::Value;

/// The field error for text with control characters.
pub const CONTROL_MESSAGE: &str =
    "Remove the hidden control characters from this text (they can come from copying and pasting)";

/// Returns whether `ch` may appear in text: anything but a control character, and line
/// breaks and tabs in multi-line fields.
fn allowed(ch: char, multiline: bool) -> bool {
    !ch.is_control() || (multiline && matches!(ch, '\n' | '\r' | '\t'))
}

/// Returns whether `text` holds a character a person could not have meant to type.
pub fn has_control(text: &str, multiline: bool) -> bool {
    !text.chars().all(|ch| allowed(ch, multiline))
}

/// Returns `text` without control characters (line breaks and tabs kept).
pub fn strip_controls(text: &str) -> String {
    text.chars().filter(|&ch| allowed(ch, true)).collect()
}

/// Returns an imported JSON value with control characters stripped from every string
/// and key.
pub fn strip_json(value: Value) -> Value {
    match value {
        Value::String(text) if has_control(&text, true) => Value::String(strip_controls(&text)),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_json).collect()),
        Value::Object(object) => Value::Object(
            object
                .into_iter()
                .map(|(key, item)| {
                    let key = if has_control(&key, true) { strip_controls(&key) } else { key };
                    (key, strip_json(item))
                })
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_except_line_breaks_in_long_text() {
        for text in ["a\u{0}b", "\u{7}", "tab\u{1b}[31m", "\u{7f}", "\u{85}next line"] {
            assert!(has_control(text, true), "{text:?}");
            assert!(has_control(text, false), "{text:?}");
        }
        assert!(!has_control("two\r\nlines\tand a tab, £5 café", true));
        assert!(has_control("two\nlines", false), "one-line fields take no line break");
        assert!(!has_control("one line", false));
    }

    #[test]
    fn imported_strings_lose_control_characters() {
        let value = serde_json::json!({"name": "Food\u{0}bank", "list": ["a\u{1}", 3], "k\u{0}": "x\ny"});
        let clean = strip_json(value);
        assert_eq!(clean, serde_json::json!({"name": "Foodbank", "list": ["a", 3], "k": "x\ny"}));
    }
}
