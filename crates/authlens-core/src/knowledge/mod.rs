//! What AuthLens knows, as data: the AADSTS catalog and where each kind of fix lives.

pub mod aadsts;
pub mod fixes;
