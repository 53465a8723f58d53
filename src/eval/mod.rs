//! Measuring emle against reference data.

pub mod coverage;
pub mod pairs;
