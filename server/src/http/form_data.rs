//! A small reader of `multipart/form-data` bodies, for the one form that uploads a file
//! (imports). The body is already in memory (the policy layer reads it to check the CSRF
//! token), so this splits it on the boundary rather than streaming.

/// The largest upload accepted: a 20 MB feed plus the form's other fields.
pub const MAX_UPLOAD_BYTES: usize = 21 * 1024 * 1024;

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    /// The field's name.
    pub name: String,
    /// The file name, for file fields.
    pub filename: Option<String>,
    /// The value or the file's bytes.
    pub body: &'a [u8],
}

/// Returns the boundary of a `multipart/form-data` content type, or `None` for any other.
pub fn boundary(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';');
    if !params.next()?.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params
        .find_map(|param| {
            let (key, value) = param.split_once('=')?;
            key.trim().eq_ignore_ascii_case("boundary").then(|| value.trim().trim_matches('"').to_owned())
        })
        .filter(|boundary| !boundary.is_empty())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Returns a `key="value"` parameter of a Content-Disposition header.
fn disposition_param(header: &str, key: &str) -> Option<String> {
    header.split(';').find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim().eq_ignore_ascii_case(key).then(|| value.trim().trim_matches('"').to_owned())
    })
}

/// Splits a body into its parts; `None` when it is not well formed.
pub fn parts<'a>(body: &'a [u8], boundary: &str) -> Option<Vec<Part<'a>>> {
    let delimiter = format!("--{boundary}");
    let next_delimiter = format!("\r\n--{boundary}");
    let mut rest = &body[find(body, delimiter.as_bytes())? + delimiter.len()..];
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let headers_end = find(rest, b"\r\n\r\n")?;
        let headers = std::str::from_utf8(&rest[..headers_end]).ok()?;
        let content = &rest[headers_end + 4..];
        let end = find(content, next_delimiter.as_bytes())?;
        let disposition = headers.split("\r\n").find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim().eq_ignore_ascii_case("content-disposition").then_some(value)
        })?;
        parts.push(Part {
            name: disposition_param(disposition, "name")?,
            filename: disposition_param(disposition, "filename"),
            body: &content[..end],
        });
        rest = &content[end + next_delimiter.len()..];
    }
}

/// Returns the text of the first field called `name`.
pub fn text_field(body: &[u8], boundary: &str, name: &str) -> Option<String> {
    parts(body, boundary)?
        .into_iter()
        .find(|part| part.name == name)
        .and_then(|part| String::from_utf8(part.body.to_vec()).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\ntok\r\n\
        --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"feed.json\"\r\n\
        Content-Type: application/json\r\n\r\n[{\"id\": \"1\"}]\r\n--XyZ--\r\n";

    #[test]
    fn fields_and_files_are_read() {
        assert_eq!(boundary("multipart/form-data; boundary=XyZ").as_deref(), Some("XyZ"));
        assert_eq!(boundary("Multipart/Form-Data; boundary=\"XyZ\"").as_deref(), Some("XyZ"));
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
        let parts = parts(BODY, "XyZ").expect("well formed");
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].name.as_str(), parts[0].body), ("csrf_token", b"tok".as_slice()));
        assert_eq!(parts[1].filename.as_deref(), Some("feed.json"));
        assert_eq!(parts[1].body, b"[{\"id\": \"1\"}]");
        assert_eq!(text_field(BODY, "XyZ", "csrf_token").as_deref(), Some("tok"));
    }

    #[test]
    fn malformed_bodies_are_refused() {
        assert_eq!(parts(b"no boundary here", "XyZ"), None);
        assert_eq!(parts(b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated", "XyZ"), None);
        assert_eq!(text_field(BODY, "XyZ", "missing"), None);
    }
}
