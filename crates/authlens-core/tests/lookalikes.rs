//! Failures that only look like authentication failures: a wrapper prints "Unauthorized",
//! "Forbidden" or "authentication failed" around the service's own answer (a 404, a 400, a
//! 429, a 5xx), or the message says the item named does not exist. The service's answer leads,
//! the auth reading stays below it, and the verdict says what it is and where to look. The
//! pastes are written for these tests in the shapes wrappers print, not taken from cases.
#![allow(clippy::unwrap_used)]

use authlens_core::{diagnose, Category, Options, Report, Timestamp};

fn run(paste: &str) -> Report {
    diagnose(paste, &Options::at(Timestamp(1_763_900_000)))
}

fn top(r: &Report) -> (Category, &'static str) {
    let f = r.findings.first().expect("a finding");
    (f.category, f.code)
}

fn confidence_of(r: &Report, category: Category) -> Option<u8> {
    r.findings
        .iter()
        .find(|f| f.category == category)
        .map(|f| f.confidence)
}

#[test]
fn a_wrappers_unauthorized_around_a_not_found_answer_reads_as_not_found() {
    let r = run(
        r#"Flow client error returned with status code "Unauthorized" and details "{"error":{"code":"ResourceNotFound","message":"The resource could not be found."}}"."#,
    );
    assert_eq!(
        top(&r),
        (Category::NotAnAuthError, "AL214"),
        "{:#?}",
        r.findings
    );
    // The wrapper's word opens no status the reading contradicts.
    assert!(!r.verdict.starts_with("401"), "{}", r.verdict);
    assert!(r.verdict.contains("The action's inputs"), "{}", r.verdict);

    // The same inside one error object: its own code "Forbidden" ahead of the innerError.
    let r = run(
        r#"{"error":{"code":"Forbidden","message":"Forbidden","innerError":{"code":"ItemNotFound","message":"The item could not be found."}}}"#,
    );
    assert_eq!(top(&r).0, Category::NotAnAuthError, "{:#?}", r.findings);
    // The permission reading is still there, below.
    let perm = confidence_of(&r, Category::InsufficientPermission);
    assert!(perm.is_none_or(|c| c < r.findings[0].confidence));

    // A status field of the connector's answer inside an action's failure text.
    let r = run(
        r#"Action 'Send_an_HTTP_request' failed: Unauthorized. {"status":404,"message":"File Not Found.","source":"https://contoso.sharepoint.com"}"#,
    );
    assert_eq!(top(&r).0, Category::NotAnAuthError, "{:#?}", r.findings);
    assert!(r.verdict.starts_with("404 · "), "{}", r.verdict);
}

#[test]
fn a_wrappers_auth_word_around_a_validation_error_reads_as_invalid_request() {
    for paste in [
        r#"Authentication failed: {"error":{"code":"BadRequest","message":"Invalid request: the property 'dueDate' has an invalid value."}}"#,
        r#"The request failed: Forbidden. Inner exception: {"error":{"code":"InvalidTemplate","message":"Unable to process template language expressions in action 'Compose'."}}"#,
    ] {
        let r = run(paste);
        assert_eq!(
            top(&r),
            (Category::NotAnAuthError, "AL215"),
            "{paste}\n{:#?}",
            r.findings
        );
    }
}

#[test]
fn a_wrappers_auth_word_around_a_server_error_reads_as_an_outage() {
    let r = run("Unauthorized. The remote server returned an error: (503) Server Unavailable.");
    assert_eq!(
        top(&r).0,
        Category::ServiceOutageOrThrottling,
        "{:#?}",
        r.findings
    );
    assert!(r.verdict.starts_with("503 · "), "{}", r.verdict);
    let expired = confidence_of(&r, Category::ExpiredOrRevokedCredential);
    assert!(
        expired.is_some_and(|c| c <= 40),
        "the 401 reading stays, as background"
    );

    // An error code alone names the server failure inside the wrapper.
    let r = run(
        r#"Authentication failed: {"error":{"code":"GatewayTimeout","message":"The gateway did not get an answer in time."}}"#,
    );
    assert_eq!(
        top(&r).0,
        Category::ServiceOutageOrThrottling,
        "{:#?}",
        r.findings
    );
}

#[test]
fn an_auth_answer_is_never_read_as_a_wrapper() {
    // The connector's 400 quotes the target's 401: the 401 is the inner answer.
    let r = run(
        r#"{"status":400,"message":"The remote server returned an error: (401) Unauthorized.","source":"sharepointonline"}"#,
    );
    assert_ne!(top(&r).0, Category::NotAnAuthError, "{:#?}", r.findings);

    // A 401 in the response's own status field is the service's answer: the not-found rule
    // stays quiet and the 401 reading is not stepped down (what the words say is the wording
    // reader's to weigh).
    let r = run(
        r#"{"statusCode":401,"body":{"error":{"code":"ResourceNotFound","message":"The resource could not be found."}}}"#,
    );
    assert!(
        r.findings.iter().all(|f| f.code != "AL214"),
        "{:#?}",
        r.findings
    );
    let expired = confidence_of(&r, Category::ExpiredOrRevokedCredential);
    assert!(expired.is_some_and(|c| c >= 50), "{:#?}", r.findings);

    // Words about the credential itself keep the auth reading.
    let r = run(
        r#"Unauthorized: {"error":{"code":"BadRequest","message":"The access token has expired."}}"#,
    );
    assert_ne!(top(&r).0, Category::NotAnAuthError, "{:#?}", r.findings);
}

#[test]
fn a_message_that_says_the_item_does_not_exist_reads_as_not_found() {
    for paste in [
        r#"{"odata.error":{"code":"-2130575338, Microsoft.SharePoint.SPException","message":{"lang":"en-US","value":"The file /sites/hr/Shared Documents/report.docx does not exist."}}}"#,
        "Error: the folder 'Invoices/2024' could not be found.",
    ] {
        let r = run(paste);
        assert_eq!(
            top(&r),
            (Category::NotAnAuthError, "AL214"),
            "{paste}\n{:#?}",
            r.findings
        );
    }
    // Identities that do not exist are sign-in problems with rules of their own.
    for paste in [
        "The user account does not exist in the directory.",
        "The API connection 'office365' could not be found.",
        "Error: the application with this client id was not found.",
    ] {
        let r = run(paste);
        assert!(
            r.findings.iter().all(|f| f.code != "AL214"),
            "{paste}\n{:#?}",
            r.findings
        );
    }
    // A 401 said after the message is the answer, not a wrapper.
    let r = run("The file /a.docx does not exist. 401 Unauthorized");
    assert!(
        r.findings.iter().all(|f| f.code != "AL214"),
        "{:#?}",
        r.findings
    );
}

#[test]
fn a_licence_reading_names_where_licences_are_assigned() {
    let r = run(
        "Your flow could not turn on. Error: The user does not have a service plan adequate for the non-Standard connection.",
    );
    assert_eq!(
        top(&r),
        (Category::NotAnAuthError, "AL224"),
        "{:#?}",
        r.findings
    );
    assert!(
        r.findings[0].fix.location.contains("Licences"),
        "{:?}",
        r.findings[0].fix
    );
    assert!(r.verdict.contains("Licences"), "{}", r.verdict);
}

#[test]
fn a_table_readings_own_place_replaces_the_generic_one_for_look_alikes() {
    // Not about authentication: the row's place ("Register" the provider) is where to look.
    let r = run(
        r#"{"error":{"code":"MissingSubscriptionRegistration","message":"The subscription is not registered to use namespace 'Microsoft.Web'."}}"#,
    );
    assert_eq!(top(&r).0, Category::NotAnAuthError);
    assert!(
        !r.findings[0]
            .fix
            .location
            .starts_with("The action's inputs"),
        "{:?}",
        r.findings[0].fix
    );
    // An authentication finding keeps its category's place for the platform.
    let r = run(
        r#"{"error":{"code":"AuthorizationFailed","message":"The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.Logic/workflows/read' over scope '/subscriptions/z'."}}"#,
    );
    let f = &r.findings[0];
    assert_ne!(f.category, Category::NotAnAuthError);
    assert_eq!(
        f.fix.location,
        authlens_core::knowledge::fixes::fix_for(f.category, r.input.platform).location
    );
}

#[test]
fn a_server_failure_named_only_in_words_still_reads_as_an_outage() {
    let r = run(
        r#"{"error":{"code":"InternalServerError","message":"An unexpected error occurred."}}"#,
    );
    assert_eq!(
        top(&r).0,
        Category::ServiceOutageOrThrottling,
        "{:#?}",
        r.findings
    );
    assert!(
        r.findings.iter().any(|f| f.code == "AL204"),
        "{:#?}",
        r.findings
    );
}

#[test]
fn throttling_said_without_its_status_reads_as_throttling() {
    for paste in [
        r#"{"error":{"code":"ApplicationThrottled","message":"Application is over its concurrency limit."}}"#,
        "Unauthorized: the request has been throttled, retry after 30 seconds.",
    ] {
        let r = run(paste);
        assert_eq!(
            top(&r),
            (Category::ServiceOutageOrThrottling, "AL203"),
            "{paste}\n{:#?}",
            r.findings
        );
    }
}

#[test]
fn an_auth_status_after_the_error_object_is_not_its_wrapper() {
    // A log: one call answered 404, a later one 401. The 401 is an answer of its own.
    let r = run(
        r#"{"error":{"code":"ResourceNotFound","message":"The resource could not be found."}}
Retrying... The remote server returned an error: (401) Unauthorized."#,
    );
    assert!(
        r.findings.iter().all(|f| f.code != "AL214"),
        "{:#?}",
        r.findings
    );
}

#[test]
fn another_services_transient_error_is_not_called_power_bis() {
    let r = run(
        r#"{"error":{"code":"serviceNotAvailable","message":"The service is temporarily unavailable. Please try again later."}} https://graph.microsoft.com/v1.0/me"#,
    );
    assert_eq!(
        top(&r).0,
        Category::ServiceOutageOrThrottling,
        "{:#?}",
        r.findings
    );
    assert!(!r.verdict.contains("Power BI"), "{}", r.verdict);
    let r = run("The last refresh attempt failed because of an internal service error. This is usually a transient issue.");
    assert!(r.verdict.contains("Power BI"), "{}", r.verdict);
}

#[test]
fn a_runtime_exception_reads_as_a_program_error_unless_auth_is_in_sight() {
    for paste in [
        "Value cannot be null. (Parameter 'source')",
        "System.Collections.Generic.KeyNotFoundException: The given key was not present in the dictionary.",
        "Input string was not in a correct format.",
    ] {
        let r = run(paste);
        assert_eq!(top(&r), (Category::NotAnAuthError, "AL226"), "{paste}\n{:#?}", r.findings);
        assert!(r.verdict.contains("The tool, script or expression"), "{}", r.verdict);
    }
    for paste in [
        "Sequence contains no elements. The remote server returned an error: (403) Forbidden.",
        "AADSTS50076: multi-factor authentication is required. Value cannot be null.",
        "Value cannot be null. Parameter name: accessToken",
    ] {
        let r = run(paste);
        assert!(
            r.findings.iter().all(|f| f.code != "AL226"),
            "{paste}\n{:#?}",
            r.findings
        );
    }
}
