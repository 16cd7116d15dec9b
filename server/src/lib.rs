//! The Tandem server: configuration, the HTTP router and its middleware, job workers and
//! the command line. The app itself (pages, server functions, storage) is in the `app` crate.

pub mod assets;
pub mod backup;
pub mod bench;
pub mod bench_insights;
pub mod bench_match;
pub mod bench_queue;
pub mod bench_ssr;
pub mod cli;
pub mod config;
pub mod database;
pub mod demo;
pub mod downloads;
pub mod metrics;
pub mod middleware;
pub mod router;
pub mod scim;
pub mod slack;
pub mod sso;
pub mod starter_library;
pub mod state;
pub mod telemetry;
pub mod unsubscribe;
