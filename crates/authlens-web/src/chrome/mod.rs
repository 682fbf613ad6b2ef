//! The page's shared chrome, around the views: share links, copyable reports, the example
//! gallery, large pastes and opened files.

pub mod examples;
pub mod files;
pub mod link;
pub mod report;
pub mod share;
