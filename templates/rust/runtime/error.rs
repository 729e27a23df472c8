//! Why a payload could not be decoded, and the messages serde gives, without the positions
//! they repeat.

use std::fmt;

/// Why a payload could not be decoded.
///
/// Only text that is not JSON, or JSON in no envelope GEP uses, is an error: unknown keys,
/// events and values decode to the `Unknown`, `Invalid` and `Other` variants instead.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The text is not JSON.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but not in an envelope GEP uses.
    Envelope {
        line: usize,
        column: usize,
        message: String,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Syntax {
                line,
                column,
                message,
            } => write!(
                f,
                "malformed JSON at line {line}, column {column}: {message}"
            ),
            DecodeError::Envelope {
                line,
                column,
                message,
            } => write!(
                f,
                "not a GEP payload at line {line}, column {column}: {message}"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

impl From<serde_json::Error> for DecodeError {
    fn from(error: serde_json::Error) -> Self {
        let (line, column) = (error.line(), error.column());
        let message = without_position(error.to_string());
        if error.is_data() {
            DecodeError::Envelope {
                line,
                column,
                message,
            }
        } else {
            DecodeError::Syntax {
                line,
                column,
                message,
            }
        }
    }
}

/// serde_json appends " at line L column C" to its messages; the fields say it already.
pub(super) fn without_position(mut message: String) -> String {
    if let Some(end) = message.rfind(" at line ") {
        message.truncate(end);
    }
    message
}

/// A feature name that the game's `Feature` enum does not list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFeature(pub String);

impl fmt::Display for UnknownFeature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown feature {:?}", self.0)
    }
}

impl std::error::Error for UnknownFeature {}
