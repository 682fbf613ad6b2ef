//! What AuthLens knows, as data: the AADSTS catalog and its code families, the code and message
//! tables of every service in scope, and where each kind of fix lives.

pub mod aadsts;
pub mod explain;
pub mod fixes;
pub mod read;
pub mod tables;
