//! Settings shared by connections, producers and consumers.

use std::time::Duration;

/// Client settings. The PHP layer fills these from `kafka_rs.*` ini values.
#[derive(Debug, Clone)]
pub struct Config {
    /// client.id sent in every request header.
    pub client_id: String,
    /// Limit for one TCP connect (per address tried).
    pub connect_timeout: Duration,
    /// Limit for one request's response (fetch adds its max wait to this).
    pub request_timeout: Duration,
    /// Acknowledgements the producer asks for: 0, 1 or -1 (all).
    pub acks: i16,
    /// With acks = -1: produce idempotently (producer id and sequence numbers),
    /// so retries neither lose nor duplicate messages.
    pub idempotence: bool,
    /// Retries of a produce after a retriable broker error or a lost connection.
    pub produce_retries: u32,
    /// Largest uncompressed size of one produced record batch.
    pub batch_bytes: usize,
    /// How long cached cluster metadata stays valid.
    pub metadata_ttl: Duration,
    /// Fetch: longest the broker waits for data before answering empty.
    pub fetch_wait: Duration,
    /// Fetch: read_committed (true) hides aborted transactions.
    pub read_committed: bool,
    /// Highest Fetch version to use (lower it to receive legacy message sets).
    pub fetch_max_version: i16,
    /// Group: time without a heartbeat after which the coordinator drops a member.
    pub session_timeout: Duration,
    /// Group: how long the coordinator waits for members to rejoin.
    pub rebalance_timeout: Duration,
    /// Group: how often a member heartbeats (when the process calls in).
    pub heartbeat_interval: Duration,
    /// Group: how often consumed positions are committed automatically.
    pub auto_commit_interval: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            client_id: "kafka_rs".into(),
            connect_timeout: Duration::from_millis(5000),
            request_timeout: Duration::from_millis(30000),
            acks: 1,
            idempotence: true,
            produce_retries: 5,
            batch_bytes: 1 << 20,
            metadata_ttl: Duration::from_secs(60),
            fetch_wait: Duration::from_millis(100),
            read_committed: true,
            fetch_max_version: 11,
            session_timeout: Duration::from_secs(30),
            rebalance_timeout: Duration::from_secs(60),
            heartbeat_interval: Duration::from_secs(3),
            auto_commit_interval: Duration::from_secs(10),
        }
    }
}

impl Config {
    /// Connect timeout in milliseconds, for error messages.
    pub fn connect_ms(&self) -> u64 {
        self.connect_timeout.as_millis() as u64
    }
    /// Request timeout in milliseconds, for error messages.
    pub fn request_ms(&self) -> u64 {
        self.request_timeout.as_millis() as u64
    }
}
