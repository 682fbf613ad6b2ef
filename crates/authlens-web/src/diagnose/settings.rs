//! What the person sets in Diagnose besides the paste (the run's time, the platform, an
//! inventory's date), and how it becomes the core's `Options`.

use authlens_core::{Options, Platform, Timestamp};
use serde::{Deserialize, Serialize};

/// What the person set besides the paste: sent to the analysis worker as JSON, and made into
/// the core's `Options` on either side.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The run's time, seconds since the epoch (UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_time: Option<i64>,
    /// The chosen platform's wire name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// For a credential list: the date it is judged against, seconds since the epoch (UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory_now: Option<i64>,
    /// The page's clock when it handed the paste to the worker, seconds since the epoch: the
    /// worker judges at the page's time, as the page would have (set by the page, never by the
    /// person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<i64>,
}

impl Settings {
    pub fn options(&self, now: Timestamp) -> Options {
        let mut opts = Options::at(now);
        opts.run_time = self.run_time.map(Timestamp);
        opts.platform = self.platform.as_deref().and_then(Platform::choosable);
        opts
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn settings_become_the_cores_options() {
        let s = Settings {
            run_time: Some(1_795_000_000),
            platform: Some("logic-apps".into()),
            inventory_now: None,
            now: None,
        };
        let o = s.options(Timestamp(1_800_000_000));
        assert_eq!(o.run_time, Some(Timestamp(1_795_000_000)));
        assert_eq!(o.platform, Some(Platform::LogicApps));
        let none = Settings {
            platform: Some("nonsense".into()),
            ..Settings::default()
        };
        assert_eq!(none.options(Timestamp(0)).platform, None);
        let json = serde_json::to_string(&s).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Settings>(&json).ok(), Some(s));
    }
}
