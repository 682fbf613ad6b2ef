//! The front door's detectors do not overlap: a definition, a credential or connection list, a
//! sign-in log and a run history are each taken for what they are, and only that.

use authlens_core::{audit, history, inventory, signins};
use std::path::Path;

fn files(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x != "py"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            (p.display().to_string(), text)
        })
        .collect();
    out.sort();
    out
}

/// (definition, inventory, sign-in log, history) as the detectors read `text`.
fn read(text: &str) -> (bool, bool, bool, bool) {
    (
        audit::looks_like_definition(text),
        inventory::looks_like_inventory(text),
        signins::looks_like_signins(text),
        history::looks_like_history(text),
    )
}

#[test]
fn each_kind_of_paste_is_taken_for_itself_only() {
    for (name, text) in files("audit") {
        assert_eq!(read(&text), (true, false, false, false), "{name}");
    }
    for (name, text) in files("inventory") {
        assert_eq!(read(&text), (false, true, false, false), "{name}");
    }
    for (name, text) in files("signins") {
        let (d, i, _, _) = read(&text);
        assert!(!d && !i, "{name}");
    }
    for (name, text) in files("history") {
        let (d, i, _, _) = read(&text);
        assert!(!d && !i, "{name}");
    }
}

/// Cut anywhere or with a character swapped, every fixture still ends in a report or a message.
#[test]
fn damaged_pastes_never_panic() {
    let opts = authlens_core::Options::at(authlens_core::Timestamp(1_795_996_800));
    for dir in ["audit", "inventory"] {
        for (_, text) in files(dir) {
            let cuts = text.char_indices().map(|(i, _)| i).step_by(97);
            for cut in cuts {
                let head = &text[..cut];
                let _ = audit::analyse(head);
                let _ = inventory::analyse(head, &opts);
                let swapped = format!("{head}\"{}", &text[cut..]);
                let _ = audit::analyse(&swapped);
                let _ = inventory::analyse(&swapped, &opts);
            }
        }
    }
}
