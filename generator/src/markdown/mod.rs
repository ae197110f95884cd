//! Low-level reading of page Markdown: lines, headings, fenced blocks, tables and cells.
//!
//! The corpus pages are not valid CommonMark tables (multi-line cells, no separator lines,
//! one cell a line), so tables are re-read here line by line instead of through a GFM parser.
//! Everything in this module is total: any text gives some result, never a panic.

pub mod cells;
pub mod fences;
pub mod headings;
pub mod lines;
pub mod tables;
