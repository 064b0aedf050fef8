//! The client: connections, cluster metadata, ZooKeeper discovery, the
//! producer and the partition streams. Knows Kafka, not PHP.

pub mod cluster;
pub mod config;
pub mod connection;
pub mod connector;
pub mod consumer;
pub mod error;
pub mod group;
pub mod group_consumer;
pub mod offset;
pub mod partitioner;
pub mod pool;
pub mod producer;
pub mod zookeeper;

pub use error::{Error, Result};
