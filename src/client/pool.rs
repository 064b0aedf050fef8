//! Process-wide sharing of clusters between PHP requests.
//!
//! A PHP worker (php-fpm, Apache) serves many requests; each creates its
//! producer anew. The pool keeps, per connector string, the cluster with its
//! broker list, metadata and open connections, so that a later request skips
//! ZooKeeper, the metadata round trip and the TCP handshake. Nothing is
//! created at module start: the first request that asks creates the entry.

use std::collections::HashMap;
use std::sync::OnceLock;

use parking_lot::Mutex;

use super::cluster::{Cluster, SharedCluster};
use super::config::Config;
use super::connector::Connector;

/// What a pooled cluster is shared by: the connector and the settings that
/// shape its connections and metadata. Producer and consumer settings (acks,
/// retries, fetch options, ...) travel with each producer and stream instead,
/// so connectors with different options share connections without sharing options.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PoolKey {
    connector: Connector,
    client_id: String,
    connect_timeout_ms: u128,
    request_timeout_ms: u128,
    metadata_ttl_ms: u128,
}

fn pool() -> &'static Mutex<HashMap<PoolKey, SharedCluster>> {
    static POOL: OnceLock<Mutex<HashMap<PoolKey, SharedCluster>>> = OnceLock::new();
    POOL.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The pooled cluster for `connector` with `config`'s connection settings,
/// created on first use.
pub fn cluster(connector: Connector, config: &Config) -> SharedCluster {
    let key = PoolKey {
        connector: connector.clone(),
        client_id: config.client_id.clone(),
        connect_timeout_ms: config.connect_timeout.as_millis(),
        request_timeout_ms: config.request_timeout.as_millis(),
        metadata_ttl_ms: config.metadata_ttl.as_millis(),
    };
    pool()
        .lock()
        .entry(key)
        .or_insert_with(|| Cluster::new(connector, config.clone()).shared())
        .clone()
}

/// A cluster of its own, not shared with later requests (pooling disabled).
pub fn private_cluster(connector: Connector, config: &Config) -> SharedCluster {
    Cluster::new(connector, config.clone()).shared()
}

/// Number of clusters in the pool (for `php --ri` and tests).
pub fn size() -> usize {
    pool().lock().len()
}
