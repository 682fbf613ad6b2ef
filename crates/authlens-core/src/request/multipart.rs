//! `multipart/form-data` bodies, read into their fields so that every format compares them alike:
//! raw text with its boundary (raw HTTP, HAR, fetch, PowerShell), cURL's `-F`, Postman's
//! form-data, a flow's `$multipart`. A file part is compared by its file name, as `(file x.pdf)`.

use serde_json::Value;

/// How a file part is shown and compared.
pub(crate) fn file_value(path: &str) -> String {
    let name = path
        .split(';')
        .next()
        .unwrap_or("")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("");
    format!("(file {name})")
}

/// A parameter of a header value such as `form-data; name="a"; filename="b.txt"`.
fn param(value: &str, key: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// The fields of a multipart body in text. The boundary comes from the Content-Type, or else
/// from the body's first line; `None` when no part has a name.
pub(crate) fn fields(text: &str, content_type: &str) -> Option<Vec<(String, String)>> {
    let boundary = param(content_type, "boundary")
        .or_else(|| {
            let first = text.trim_start().lines().next()?;
            Some(first.strip_prefix("--")?.trim_end().to_string())
        })
        .filter(|b| !b.is_empty())?;
    let delimiter = format!("--{boundary}");
    let mut out = Vec::new();
    for part in text.split(delimiter.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.trim_start_matches(['\r', '\n']);
        let Some((head, body)) = part
            .split_once("\r\n\r\n")
            .or_else(|| part.split_once("\n\n"))
        else {
            continue;
        };
        let disposition = head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-disposition")
                .then_some(v.trim())
        });
        let Some(name) = disposition.and_then(|d| param(d, "name")) else {
            continue;
        };
        let value = match disposition.and_then(|d| param(d, "filename")) {
            Some(file) => file_value(&file),
            None => body.trim_end_matches(['\r', '\n']).to_string(),
        };
        out.push((name, value));
    }
    (!out.is_empty()).then_some(out)
}

/// The fields of a flow's `{"$content-type": "multipart/form-data", "$multipart": [...]}` body.
pub(crate) fn flow_fields(body: &serde_json::Map<String, Value>) -> Option<Vec<(String, String)>> {
    let parts = body.get("$multipart")?.as_array()?;
    let mut out = Vec::new();
    for p in parts {
        let headers = p.get("headers").and_then(Value::as_object);
        let disposition = headers
            .and_then(|h| {
                h.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-disposition"))
            })
            .and_then(|(_, v)| v.as_str())
            .unwrap_or("");
        let Some(name) = param(disposition, "name") else {
            continue;
        };
        let value = match (param(disposition, "filename"), p.get("body")) {
            (Some(file), _) => file_value(&file),
            (None, Some(Value::String(s))) => s.clone(),
            (None, Some(Value::Object(c))) if c.contains_key("$content") => "(file)".into(),
            (None, Some(other)) => other.to_string(),
            (None, None) => String::new(),
        };
        out.push((name, value));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_parts_and_files() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nQ1 report\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\tmp\\\\r.pdf\"\r\n\
                    Content-Type: application/pdf\r\n\r\n%PDF-1.7\r\n--XyZ--\r\n";
        let want = vec![
            ("title".to_string(), "Q1 report".to_string()),
            ("file".to_string(), "(file r.pdf)".to_string()),
        ];
        assert_eq!(
            fields(body, "multipart/form-data; boundary=XyZ"),
            Some(want.clone())
        );
        // Without the boundary in the Content-Type: the body's first line.
        assert_eq!(fields(body, "multipart/form-data"), Some(want));
        assert_eq!(fields("no parts", "multipart/form-data; boundary=b"), None);
    }
}
