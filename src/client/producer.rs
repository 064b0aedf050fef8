//! The producer: turns queued messages into one record batch per partition
//! (compressed as a unit), sends each leader its batches, and returns only when
//! every batch is acknowledged or has failed for good.
//!
//! Retriable answers (leader moved, not enough replicas yet, connection lost)
//! are retried after a metadata refresh, up to `Config::produce_retries` times
//! with a growing pause. Acknowledged messages leave the queue as soon as
//! their partition is answered, so after a failure the queue holds exactly
//! what Kafka did not confirm.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use super::cluster::SharedCluster;
use super::config::Config;
use super::error::{Error, Result};
use crate::protocol::compression::Compression;
use crate::protocol::messages::produce::{
    ProducePartition, ProduceRequest, ProduceResponse, ProduceTopic,
};
use crate::protocol::record_batch::{encode_batch, ProducerRecord, ProducerState};

/// A message waiting to be produced to a chosen partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Topic.
    pub topic: String,
    /// Partition chosen by the partitioner.
    pub partition: i32,
    /// The record.
    pub record: ProducerRecord,
}

/// Produces to one cluster.
#[derive(Debug)]
pub struct Producer {
    cluster: SharedCluster,
    config: Config,
    compression: Compression,
    scratch: Vec<u8>,
}

/// Queue indexes of one partition's messages that go into one batch.
type Chunk = Vec<usize>;

/// A partition (topic, number) and its batches, in order.
type PartitionChunks<'q> = ((&'q str, i32), Vec<Chunk>);

/// Rough encoded size of a record, for cutting batches at `Config::batch_bytes`.
fn record_size(r: &ProducerRecord) -> usize {
    let headers: usize = r
        .headers
        .iter()
        .map(|h| h.key.len() + h.value.as_ref().map_or(0, Vec::len) + 4)
        .sum();
    r.key.as_ref().map_or(0, Vec::len) + r.value.as_ref().map_or(0, Vec::len) + headers + 16
}

impl Producer {
    /// A producer on `cluster`, compressing batches with `compression`, with
    /// its own producer settings (acks, retries, batch size, idempotence).
    pub fn new(cluster: SharedCluster, compression: Compression, config: Config) -> Producer {
        Producer {
            cluster,
            config,
            compression,
            scratch: Vec::new(),
        }
    }

    /// This producer's settings.
    pub fn config_mut(&mut self) -> &mut Config {
        &mut self.config
    }

    /// The cluster this producer writes to.
    pub fn cluster(&self) -> &SharedCluster {
        &self.cluster
    }

    /// The codec batches are compressed with.
    pub fn compression(&self) -> Compression {
        self.compression
    }

    /// Number of partitions of `topic` (creating the topic if the cluster auto-creates).
    pub fn partition_count(&self, topic: &str) -> Result<usize> {
        let mut c = self.cluster.lock();
        Ok(c.topic(topic, true)?.partitions.len())
    }

    /// Sends everything in `queue`. Acknowledged messages are removed; on error
    /// the queue keeps the messages that were not acknowledged.
    pub fn send(&mut self, queue: &mut Vec<Outgoing>) -> Result<()> {
        if queue.is_empty() {
            return Ok(());
        }
        let config = self.config.clone();
        let mut done = vec![false; queue.len()];
        let mut attempt = 0u32;
        let result = loop {
            match self.round(queue, &mut done, &config) {
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
                Ok(Some(retriable)) => {
                    attempt += 1;
                    if attempt > config.produce_retries {
                        break Err(retriable);
                    }
                    std::thread::sleep(Duration::from_millis(50u64 << attempt.min(5)));
                }
            }
        };
        let mut i = 0;
        queue.retain(|_| {
            let keep = !done[i];
            i += 1;
            keep
        });
        result
    }

    /// One pass over everything not yet acknowledged. Returns `None` when all
    /// is acknowledged, or the last retriable error when something must be retried.
    fn round(
        &mut self,
        queue: &[Outgoing],
        done: &mut [bool],
        config: &Config,
    ) -> Result<Option<Error>> {
        // Pending messages per partition, in queue order, cut into batches.
        let mut by_partition: BTreeMap<(&str, i32), Vec<Chunk>> = BTreeMap::new();
        let mut open_bytes: BTreeMap<(&str, i32), usize> = BTreeMap::new();
        for (i, m) in queue.iter().enumerate() {
            if done[i] {
                continue;
            }
            let tp = (m.topic.as_str(), m.partition);
            let chunks = by_partition.entry(tp).or_default();
            let bytes = open_bytes.entry(tp).or_insert(0);
            let size = record_size(&m.record);
            if chunks.is_empty() || *bytes + size > config.batch_bytes {
                chunks.push(Vec::new());
                *bytes = 0;
            }
            *bytes += size;
            if let Some(last) = chunks.last_mut() {
                last.push(i);
            }
        }
        if by_partition.is_empty() {
            return Ok(None);
        }

        let mut cluster = self.cluster.lock();
        let mut retriable: Option<Error> = None;
        let mut by_leader: BTreeMap<String, Vec<PartitionChunks<'_>>> = BTreeMap::new();
        for (tp, chunks) in by_partition {
            match cluster.leader_addr(tp.0, tp.1, true) {
                Ok(addr) => by_leader.entry(addr).or_default().push((tp, chunks)),
                Err(e) if e.is_retriable() || matches!(e, Error::TopicUnavailable { .. }) => {
                    cluster.invalidate(tp.0);
                    retriable = Some(e);
                }
                Err(e) => return Err(e),
            }
        }

        // acks=all with idempotence: batches carry the producer id and sequence
        // numbers, so a retry of a batch the broker already wrote is dropped.
        let idempotent = config.acks == -1 && config.idempotence;
        if idempotent {
            if let Err(e) = cluster.producer_identity() {
                if e.is_retriable() {
                    return Ok(Some(e));
                }
                return Err(e);
            }
        }

        for (addr, partitions) in by_leader {
            // A partition whose batch failed sends nothing more this round, to keep order.
            let mut blocked: HashSet<(&str, i32)> = HashSet::new();
            let rounds = partitions.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
            'requests: for k in 0..rounds {
                let mut batches: Vec<((&str, i32), &Chunk, Vec<u8>)> = Vec::new();
                for (tp, chunks) in &partitions {
                    if blocked.contains(tp) {
                        continue;
                    }
                    if let Some(chunk) = chunks.get(k) {
                        let producer = if idempotent {
                            let id = cluster.producer_identity()?;
                            ProducerState {
                                producer_id: id.id,
                                producer_epoch: id.epoch,
                                base_sequence: id.next_sequence(tp.0, tp.1),
                            }
                        } else {
                            ProducerState::NONE
                        };
                        let mut batch = Vec::new();
                        encode_batch(
                            chunk.iter().map(|&i| &queue[i].record),
                            self.compression,
                            producer,
                            &mut batch,
                            &mut self.scratch,
                        )
                        .map_err(|e| {
                            Error::InvalidArgument(format!(
                                "cannot encode a batch for {}/{}: {e}",
                                tp.0, tp.1
                            ))
                        })?;
                        batches.push((*tp, chunk, batch));
                    }
                }
                if batches.is_empty() {
                    break;
                }
                let mut topics: Vec<ProduceTopic<'_>> = Vec::new();
                for ((topic, partition), _, batch) in &batches {
                    let part = ProducePartition {
                        index: *partition,
                        records: batch,
                    };
                    match topics.iter_mut().find(|t| t.name == *topic) {
                        Some(t) => t.partitions.push(part),
                        None => topics.push(ProduceTopic {
                            name: topic,
                            partitions: vec![part],
                        }),
                    }
                }
                let req = ProduceRequest {
                    transactional_id: None,
                    acks: config.acks,
                    timeout_ms: config.request_timeout.as_millis().min(i32::MAX as u128) as i32,
                    topics,
                };
                let conn = match cluster.connection(&addr) {
                    Ok(c) => c,
                    Err(e) if e.is_retriable() => {
                        retriable = Some(e);
                        break 'requests;
                    }
                    Err(e) => return Err(e),
                };
                let version = conn.version_for::<ProduceRequest>(i16::MAX)?;
                if config.acks == 0 {
                    // No answer comes: written to the socket is all that can be known.
                    if let Err(e) = conn.send_only(&req, version) {
                        cluster.drop_connection(&addr);
                        retriable = Some(e);
                        break 'requests;
                    }
                    for (_, chunk, _) in &batches {
                        for &i in chunk.iter() {
                            done[i] = true;
                        }
                    }
                    continue;
                }
                let resp = match conn.request(&req, version, |r, v| ProduceResponse::decode(r, v)) {
                    Ok(r) => r,
                    Err(e) => {
                        cluster.drop_connection(&addr);
                        if e.is_retriable() {
                            retriable = Some(e);
                            break 'requests;
                        }
                        return Err(e);
                    }
                };
                let mut fatal = None;
                for ((topic, partition), chunk, _) in &batches {
                    let answer = resp
                        .topics
                        .iter()
                        .filter(|t| t.name == *topic)
                        .flat_map(|t| t.partitions.iter())
                        .find(|p| p.index == *partition);
                    let Some(answer) = answer else {
                        fatal.get_or_insert(Error::Protocol {
                            addr: addr.clone(),
                            what: "Produce",
                            source: crate::protocol::ProtocolError::Malformed {
                                what: "Produce response",
                                reason: format!("no answer for {topic}/{partition}"),
                            },
                        });
                        continue;
                    };
                    // DUPLICATE_SEQUENCE_NUMBER: the broker already has this batch
                    // (its earlier answer was lost), so it is written once.
                    if answer.error_code.is_ok() || idempotent && answer.error_code.0 == 46 {
                        if idempotent {
                            if let Ok(id) = cluster.producer_identity() {
                                id.advance(topic, *partition, chunk.len());
                            }
                        }
                        for &i in chunk.iter() {
                            done[i] = true;
                        }
                        continue;
                    }
                    let err = Error::Broker {
                        addr: addr.clone(),
                        code: answer.error_code,
                        context: format!("produce to {topic}/{partition}"),
                        message: answer.error_message.clone(),
                    };
                    blocked.insert((*topic, *partition));
                    // OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_PRODUCER_EPOCH,
                    // UNKNOWN_PRODUCER_ID, PRODUCER_FENCED: the broker lost or
                    // rejects our identity; start again with a new one.
                    if idempotent && matches!(answer.error_code.0, 45 | 47 | 59 | 90) {
                        cluster.reset_producer_identity();
                        retriable = Some(err);
                    } else if answer.error_code.is_retriable() {
                        if answer.error_code.needs_metadata_refresh() {
                            cluster.invalidate(topic);
                        }
                        retriable = Some(err);
                    } else {
                        fatal.get_or_insert(err);
                    }
                }
                if let Some(e) = fatal {
                    return Err(e);
                }
            }
        }
        if done.iter().all(|d| *d) {
            return Ok(None);
        }
        Ok(Some(retriable.unwrap_or_else(|| {
            Error::TopicUnavailable {
                topic: queue
                    .iter()
                    .zip(done.iter())
                    .find(|(_, d)| !**d)
                    .map(|(m, _)| m.topic.clone())
                    .unwrap_or_default(),
                reason: "messages were not acknowledged".into(),
            }
        })))
    }
}
