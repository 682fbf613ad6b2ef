use super::failing;
use crate::diagnose::rules::confidence::{CERTAIN, LIKELY};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;
use crate::token::CheckStatus;

declare_rule! {
    /// ## What it means
    /// The Authorization header is built in a shape APIs reject: quotes around the value, a
    /// missing or doubled `Bearer`, stray whitespace or a line break, a JSON-escaped or
    /// truncated token, or an expression that was never evaluated.
    ///
    /// ## Why it happens
    /// Expressions such as `"Bearer @{…}"` typed with quotes, or the token copied with extra
    /// characters.
    ///
    /// ## Where the fix lives
    /// The action's header expression: `Bearer <token>`, one space, nothing else.
    ///
    /// ## Example
    /// ```text
    /// {"uri": "https://graph.microsoft.com/v1.0/me", "method": "GET", "headers": {"Authorization": "\"Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6MTcwMDAwMDAwMCwibmJmIjoxNzAwMDAwMDAwfQ.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\""}}
    /// ```
    pub static AUTHORIZATION_HEADER_MALFORMED = {
        code: "AL603", name: "authorization-header-malformed", category: MalformedAuthorizationHeader, severity: Error,
        title: "The Authorization header is malformed", check: authorization_header_malformed,
    }
}

fn authorization_header_malformed(f: &Facts) -> Option<Hit> {
    if let Some((c, s)) = failing(f, &["header"]) {
        // A service that judged the token's lifetime read the token it got: a signature that
        // looks cut is then more likely cut in the copy pasted here than in the request.
        let read_by_service = c.id == "header.truncated"
            && f.phrase(crate::diagnose::rules::http::token_lifetime_rejected::LIFETIME_PHRASES)
                .is_some();
        let confidence = if read_by_service { LIKELY } else { CERTAIN };
        return Some(Hit::new(confidence, c.message.clone()).with(Some(s), "Authorization header"));
    }
    // Quotes the inspector could not place: in a JSON-decoded value they are part of what was sent.
    let t = f.tokens.iter().find(|t| {
        t.decoded
            && t.report
                .check("header.quoted")
                .is_some_and(|c| c.status != CheckStatus::Pass)
    })?;
    Some(
        Hit::new(
            CERTAIN,
            "The Authorization value the action sent is wrapped in quotes (\"Bearer …\"): APIs cannot read a quoted token and answer 401. Remove the quotes around the header expression.",
        )
        .with(Some(t.found.header_value.unwrap_or(t.found.span)), "quoted Authorization value"),
    )
}

#[cfg(test)]
mod tests {
    use crate::time::Timestamp;
    use crate::{diagnose, Options};

    /// A JWT whose RS256 signature is far too short (as a copy cut at the end would leave it).
    const SHORT: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjE3MDAwMDAwMDB9.c2hvcnQtc2lnbmF0dXJl";

    #[test]
    fn a_service_that_judged_the_lifetime_outranks_a_short_signature() {
        let opts = Options::at(Timestamp(1_700_003_600));
        let alone = diagnose(
            &format!("HTTP/1.1 401 Unauthorized\nAuthorization: Bearer {SHORT}\n"),
            &opts,
        );
        assert_eq!(alone.findings[0].code, "AL603");
        let judged = diagnose(
            &format!("HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"The token is expired\"\n\nAuthorization: Bearer {SHORT}\n"),
            &opts,
        );
        assert_eq!(judged.findings[0].code, "AL207");
        assert!(judged.findings.iter().any(|f| f.code == "AL603"));
    }
}
