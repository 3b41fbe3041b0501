//! CSV text (RFC 4180) for the export. Fields that a spreadsheet would run as a formula
//! get a leading apostrophe.

/// Returns one CSV line (ending in CRLF) of `fields`.
pub fn line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut out = fields.iter().map(|field| quote(field.as_ref())).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

fn quote(field: &str) -> String {
    let field =
        if field.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{field}") } else { field.to_owned() };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed_and_defuses_formulas() {
        assert_eq!(line(&["a", "b c", "<8"]), "a,b c,<8\r\n");
        assert_eq!(
            line(&["Money, benefits and debt", "say \"hi\""]),
            "\"Money, benefits and debt\",\"say \"\"hi\"\"\"\r\n"
        );
        assert_eq!(line(&["=SUM(A1)", "-1"]), "'=SUM(A1),'-1\r\n");
    }
}
