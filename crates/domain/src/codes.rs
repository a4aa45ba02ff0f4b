//! Closed code lists (statuses, categories, reporting codes): each an enum with a stable key that is
//! stored, imported, exported and used as the translation key of its label.

/// Declares a closed code list: an enum with its stable key (stored, imported, exported), `ALL` in
/// reporting order, and parsing from a key. Labels live in the translations, under the key.
macro_rules! code_list {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $key:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name { $(#[serde(rename = $key)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// Where the code stands in `ALL`: its row in a report.
            pub fn position(self) -> usize {
                $name::ALL.iter().position(|code| *code == self).unwrap_or(0)
            }

            pub fn parse(key: &str) -> Option<$name> {
                let key = key.trim();
                $name::ALL.iter().copied().find(|code| code.key().eq_ignore_ascii_case(key))
            }
        }
    };
}

pub(crate) use code_list;
