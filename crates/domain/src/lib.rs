//! accord's domain: the rules of the community exchange and the program record as plain types and
//! functions. Nothing here does I/O, so every rule is unit- and property-tested in isolation; the store
//! and the web crate translate to and from these types and never decide on their own.

pub mod allocation;
pub mod bridging;
pub mod call_file;
pub mod calls;
mod codes;
pub mod complaints;
pub mod consensus;
pub mod csv_table;
pub mod documents;
pub mod exchange;
pub mod listening;
pub mod moderation;
pub mod ospi;
pub mod public_page;
pub mod report;
pub mod results;
pub mod review;
pub mod roles;
pub mod scoring;
pub mod simulation;
pub mod subscriptions;
pub mod suppression;
pub mod themes;
pub mod training;
