//! What the client knows about a cluster: how to reach it, its brokers, topic
//! partitions and their leaders, and one open connection per broker.
//!
//! Metadata is fetched on demand, kept for the configured time-to-live, and
//! refreshed at once when a broker says a leader moved or a topic is unknown.
//! Brokers found through ZooKeeper are remembered, so a ZooKeeper session is
//! opened only when no known broker answers.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use super::config::Config;
use super::connection::Connection;
use super::connector::Connector;
use super::error::{Error, Result};
use super::zookeeper;
use crate::protocol::messages::init_producer_id::{InitProducerIdRequest, InitProducerIdResponse};
use crate::protocol::messages::list_offsets::{ListOffsetsRequest, ListOffsetsResponse};
use crate::protocol::messages::metadata::{MetadataRequest, MetadataResponse};
use crate::protocol::KafkaCode;

/// A cluster shared by the producers and streams of one PHP process.
pub type SharedCluster = Arc<Mutex<Cluster>>;

/// One partition's leadership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionInfo {
    /// Partition number.
    pub id: i32,
    /// Leader broker id, -1 while there is none.
    pub leader: i32,
    /// Partition-level error from the last metadata answer.
    pub error: KafkaCode,
}

/// A topic's partitions, indexed by partition number.
#[derive(Debug, Clone)]
pub struct TopicInfo {
    /// Partitions in order.
    pub partitions: Vec<PartitionInfo>,
    fetched: Instant,
}

/// The idempotent producer's identity and next sequence per partition (KIP-98).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducerIdentity {
    /// Producer id from InitProducerId.
    pub id: i64,
    /// Its epoch.
    pub epoch: i16,
    sequences: HashMap<(String, i32), i32>,
}

impl ProducerIdentity {
    /// Sequence number of the next record for `topic`/`partition`.
    pub fn next_sequence(&self, topic: &str, partition: i32) -> i32 {
        self.sequences
            .get(&(topic.to_string(), partition))
            .copied()
            .unwrap_or(0)
    }

    /// Moves past `records` acknowledged records (sequences wrap to 0 after i32::MAX).
    pub fn advance(&mut self, topic: &str, partition: i32, records: usize) {
        let next = self.next_sequence(topic, partition) as i64 + records as i64;
        self.sequences.insert(
            (topic.to_string(), partition),
            (next % (i32::MAX as i64 + 1)) as i32,
        );
    }
}

/// Cluster state and connections.
#[derive(Debug)]
pub struct Cluster {
    connector: Connector,
    config: Config,
    /// Broker addresses to bootstrap from (the list, or what ZooKeeper said).
    bootstrap: Vec<String>,
    brokers: HashMap<i32, String>,
    topics: HashMap<String, TopicInfo>,
    conns: HashMap<String, Connection>,
    identity: Option<ProducerIdentity>,
}

impl Cluster {
    /// A cluster reached through `connector`. No I/O happens until it is used.
    pub fn new(connector: Connector, config: Config) -> Cluster {
        Cluster {
            connector,
            config,
            bootstrap: Vec::new(),
            brokers: HashMap::new(),
            topics: HashMap::new(),
            conns: HashMap::new(),
            identity: None,
        }
    }

    /// The idempotent producer identity of this process for this cluster,
    /// asked for once (InitProducerId) and kept across requests.
    pub fn producer_identity(&mut self) -> Result<&mut ProducerIdentity> {
        if self.identity.is_none() {
            let resp = self.with_any_broker(|conn| {
                conn.call(&InitProducerIdRequest, |r, v| {
                    InitProducerIdResponse::decode(r, v)
                })
            })?;
            if !resp.error_code.is_ok() {
                return Err(Error::Broker {
                    addr: self.connector.to_string(),
                    code: resp.error_code,
                    context: "InitProducerId".into(),
                    message: None,
                });
            }
            self.identity = Some(ProducerIdentity {
                id: resp.producer_id,
                epoch: resp.producer_epoch,
                sequences: HashMap::new(),
            });
        }
        self.identity
            .as_mut()
            .ok_or_else(|| Error::InvalidArgument("producer identity vanished".into()))
    }

    /// Forgets the producer identity (after the broker no longer knows it).
    pub fn reset_producer_identity(&mut self) {
        self.identity = None;
    }

    /// Wraps the cluster for sharing.
    pub fn shared(self) -> SharedCluster {
        Arc::new(Mutex::new(self))
    }

    /// The connection settings in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Replaces the connection settings (used to bound a flush at shutdown).
    pub fn set_config(&mut self, config: Config) {
        self.config = config;
    }

    /// The connector this cluster was reached through.
    pub fn connector(&self) -> &Connector {
        &self.connector
    }

    fn discover(&mut self) -> Result<()> {
        self.bootstrap = match &self.connector {
            Connector::Brokers(list) => list.clone(),
            Connector::ZooKeeper { hosts, chroot } => zookeeper::discover_brokers(
                hosts,
                chroot.as_deref(),
                self.config.connect_timeout,
                "PLAINTEXT",
            )?,
        };
        Ok(())
    }

    /// An open connection to `addr`, reusing the pooled one if it is healthy.
    pub fn connection(&mut self, addr: &str) -> Result<&mut Connection> {
        if self.conns.get_mut(addr).is_some_and(|c| !c.is_alive()) {
            self.conns.remove(addr);
        }
        if !self.conns.contains_key(addr) {
            let conn = Connection::open(addr, &self.config)?;
            self.conns.insert(addr.to_string(), conn);
        }
        self.conns.get_mut(addr).ok_or_else(|| Error::Connect {
            addr: addr.to_string(),
            reason: "connection vanished from the pool".into(),
        })
    }

    /// Drops the pooled connection to `addr` (after it failed).
    pub fn drop_connection(&mut self, addr: &str) {
        self.conns.remove(addr);
    }

    /// Address of broker `node`.
    pub fn broker_addr(&self, node: i32) -> Option<&str> {
        self.brokers.get(&node).map(String::as_str)
    }

    /// Runs `f` on a connection to the first broker that answers: known
    /// brokers first, then the bootstrap list (asking ZooKeeper again if the
    /// list it gave earlier no longer answers).
    pub fn with_any_broker<T>(
        &mut self,
        mut f: impl FnMut(&mut Connection) -> Result<T>,
    ) -> Result<T> {
        let mut candidates: Vec<String> = self.conns.keys().cloned().collect();
        for a in self.brokers.values().chain(self.bootstrap.iter()) {
            if !candidates.contains(a) {
                candidates.push(a.clone());
            }
        }
        let mut failures = Vec::new();
        for pass in 0..2 {
            if pass == 1 || candidates.is_empty() {
                if pass == 1 && matches!(self.connector, Connector::Brokers(_)) {
                    break;
                }
                self.discover()?;
                candidates = self.bootstrap.clone();
            }
            for addr in &candidates {
                let result = match self.connection(addr) {
                    Ok(conn) => f(conn),
                    Err(e) => Err(e),
                };
                match result {
                    Ok(v) => return Ok(v),
                    // The broker answered: its answer is the result, not a reason to try another.
                    Err(e @ Error::Broker { .. }) => return Err(e),
                    Err(e) => {
                        self.drop_connection(addr);
                        failures.push(e.to_string());
                    }
                }
            }
            if matches!(self.connector, Connector::Brokers(_)) {
                break;
            }
        }
        Err(Error::NoBrokerAvailable {
            connector: self.connector.to_string(),
            failures: failures.join("; "),
        })
    }

    fn fetch_metadata(&mut self, req: &MetadataRequest) -> Result<MetadataResponse> {
        self.with_any_broker(|conn| conn.call(req, |r, v| MetadataResponse::decode(r, v)))
    }

    fn absorb(&mut self, resp: &MetadataResponse) {
        for b in &resp.brokers {
            let addr = if b.host.contains(':') {
                format!("[{}]:{}", b.host, b.port)
            } else {
                format!("{}:{}", b.host, b.port)
            };
            self.brokers.insert(b.node_id, addr);
        }
    }

    /// Forgets what is known of `topic`, so the next use asks again.
    pub fn invalidate(&mut self, topic: &str) {
        self.topics.remove(topic);
    }

    /// The partitions of `topic`, from cache when fresh. A topic being created
    /// (no leaders yet) is waited for up to the request timeout.
    pub fn topic(&mut self, topic: &str, auto_create: bool) -> Result<&TopicInfo> {
        let fresh = self
            .topics
            .get(topic)
            .is_some_and(|t| t.fetched.elapsed() < self.config.metadata_ttl);
        if !fresh {
            let deadline =
                Instant::now() + self.config.request_timeout.min(Duration::from_secs(10));
            let mut delay = Duration::from_millis(50);
            loop {
                let last_error = self.refresh_one(topic, auto_create)?;
                let ready = self
                    .topics
                    .get(topic)
                    .is_some_and(|t| t.partitions.iter().all(|p| p.leader >= 0));
                if ready {
                    break;
                }
                if Instant::now() >= deadline
                    || last_error == Some(KafkaCode::UNKNOWN_TOPIC_OR_PARTITION) && !auto_create
                {
                    self.topics.remove(topic);
                    let reason = match last_error {
                        Some(KafkaCode::UNKNOWN_TOPIC_OR_PARTITION) => {
                            "it does not exist".to_string()
                        }
                        Some(code) => format!("the cluster answered {code}"),
                        None => "a partition has no leader".to_string(),
                    };
                    return Err(Error::TopicUnavailable {
                        topic: topic.to_string(),
                        reason,
                    });
                }
                std::thread::sleep(delay);
                delay = (delay * 2).min(Duration::from_millis(500));
            }
        }
        self.topics
            .get(topic)
            .ok_or_else(|| Error::TopicUnavailable {
                topic: topic.to_string(),
                reason: "metadata vanished".into(),
            })
    }

    /// Refreshes one topic; returns the topic-level error, if any.
    fn refresh_one(&mut self, topic: &str, auto_create: bool) -> Result<Option<KafkaCode>> {
        let req = MetadataRequest {
            topics: Some(vec![topic.to_string()]),
            allow_auto_topic_creation: auto_create,
        };
        let resp = self.fetch_metadata(&req)?;
        self.absorb(&resp);
        let mut err = None;
        for t in resp.topics {
            if t.name != topic {
                continue;
            }
            if !t.error_code.is_ok() {
                if t.error_code == KafkaCode(17) {
                    return Err(Error::InvalidArgument(format!(
                        "invalid topic name \"{topic}\" (the cluster answered {})",
                        t.error_code
                    )));
                }
                if !t.error_code.is_retriable() {
                    return Err(Error::TopicUnavailable {
                        topic: topic.to_string(),
                        reason: format!("the cluster answered {}", t.error_code),
                    });
                }
                err = Some(t.error_code);
                self.topics.remove(topic);
                continue;
            }
            let partitions = t
                .partitions
                .iter()
                .map(|p| PartitionInfo {
                    id: p.partition_index,
                    leader: p.leader_id,
                    error: p.error_code,
                })
                .collect();
            self.topics.insert(
                t.name,
                TopicInfo {
                    partitions,
                    fetched: Instant::now(),
                },
            );
        }
        Ok(err)
    }

    /// Address of the leader of `topic`/`partition`.
    pub fn leader_addr(
        &mut self,
        topic: &str,
        partition: i32,
        auto_create: bool,
    ) -> Result<String> {
        let info = self.topic(topic, auto_create)?;
        let count = info.partitions.len();
        let p = info
            .partitions
            .iter()
            .find(|p| p.id == partition)
            .ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "topic \"{topic}\" has no partition {partition} (it has {count})"
                ))
            })?;
        let leader = p.leader;
        self.broker_addr(leader)
            .map(str::to_string)
            .ok_or_else(|| Error::TopicUnavailable {
                topic: topic.to_string(),
                reason: format!(
                    "leader {leader} of partition {partition} is not among the known brokers"
                ),
            })
    }

    /// All topics with their partition counts, internal topics left out, sorted by name.
    pub fn list_topics(&mut self) -> Result<Vec<(String, usize)>> {
        let resp = self.fetch_metadata(&MetadataRequest {
            topics: None,
            allow_auto_topic_creation: false,
        })?;
        self.absorb(&resp);
        let mut out: Vec<(String, usize)> = resp
            .topics
            .into_iter()
            .filter(|t| !t.is_internal && t.error_code.is_ok())
            .map(|t| (t.name, t.partitions.len()))
            .collect();
        out.sort();
        Ok(out)
    }

    /// The offset of `partition` at `timestamp` (-2 earliest, -1 latest, else
    /// milliseconds since the epoch), asked of the partition's leader.
    pub fn list_offset(
        &mut self,
        topic: &str,
        partition: i32,
        timestamp: i64,
        read_committed: bool,
    ) -> Result<i64> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let addr = self.leader_addr(topic, partition, false)?;
            let result = (|| {
                let req = ListOffsetsRequest {
                    isolation_level: read_committed as i8,
                    topic: topic.to_string(),
                    partitions: vec![(partition, timestamp)],
                };
                self.connection(&addr)?
                    .call(&req, |r, v| ListOffsetsResponse::decode(r, v))
            })();
            let resp = match result {
                Ok(r) => r,
                Err(e) if e.is_retriable() && attempt < 3 => {
                    self.drop_connection(&addr);
                    self.invalidate(topic);
                    continue;
                }
                Err(e) => return Err(e),
            };
            let p = resp
                .partitions
                .iter()
                .find(|(t, p)| t == topic && p.partition == partition)
                .map(|(_, p)| *p)
                .ok_or_else(|| Error::Protocol {
                    addr: addr.clone(),
                    what: "ListOffsets",
                    source: crate::protocol::ProtocolError::Malformed {
                        what: "ListOffsets response",
                        reason: format!("no answer for {topic}/{partition}"),
                    },
                })?;
            if p.error_code.is_ok() {
                return Ok(p.offset);
            }
            if p.error_code.needs_metadata_refresh() && attempt < 3 {
                self.invalidate(topic);
                std::thread::sleep(Duration::from_millis(100 * attempt as u64));
                continue;
            }
            return Err(Error::Broker {
                addr,
                code: p.error_code,
                context: format!("ListOffsets of {topic}/{partition}"),
                message: None,
            });
        }
    }
}
