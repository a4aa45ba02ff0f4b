//! accord's domain: the rules of the community exchange and the program record as plain types and
//! functions. Nothing here does I/O, so every rule is unit- and property-tested in isolation; the store
//! and the web crate translate to and from these types and never decide on their own.

pub mod allocation;
pub mod bridging;
pub mod consensus;
pub mod exchange;
pub mod moderation;
pub mod results;
pub mod roles;
pub mod scoring;
pub mod simulation;
pub mod training;
