//! Measuring emle against reference data.

pub mod pairs;
