//! Placeholder until the schema emitter lands.

use crate::emit::GeneratedFile;
use crate::ir::GameIr;

pub fn generate(_games: &[GameIr]) -> anyhow::Result<Vec<GeneratedFile>> {
    Ok(Vec::new())
}
