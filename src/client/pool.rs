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

fn pool() -> &'static Mutex<HashMap<Connector, SharedCluster>> {
    static POOL: OnceLock<Mutex<HashMap<Connector, SharedCluster>>> = OnceLock::new();
    POOL.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The pooled cluster for `connector`, created on first use. The settings of
/// the latest caller win (timeouts and producer options are per connector).
pub fn cluster(connector: Connector, config: Config) -> SharedCluster {
    let mut map = pool().lock();
    let shared = map
        .entry(connector.clone())
        .or_insert_with(|| Cluster::new(connector, config.clone()).shared())
        .clone();
    drop(map);
    shared.lock().set_config(config);
    shared
}

/// A cluster of its own, not shared with later requests (pooling disabled).
pub fn private_cluster(connector: Connector, config: Config) -> SharedCluster {
    Cluster::new(connector, config).shared()
}

/// Number of clusters in the pool (for `php --ri` and tests).
pub fn size() -> usize {
    pool().lock().len()
}
