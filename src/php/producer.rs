//! `\Kafka\ProducerConnector` and `\Kafka\Partitioner`.

use std::collections::HashMap;
use std::time::Duration;

use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpException;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendCallable, ZendHashTable, Zval};
use ext_php_rs::zend::ExecutorGlobals;

use super::convert::{self, Key, OptionsArg, StrArg};
use super::exceptions::{kafka_error, type_error, value_error};
use super::partitioner::{self as php_partitioner, default_partition};
use super::settings;
use super::zend::{bytes_zval, log_error};
use crate::client::connector::Connector;
use crate::client::partitioner;
use crate::client::pool;
use crate::client::producer::{Outgoing, Producer};
use crate::client::Error;
use crate::protocol::record_batch::ProducerRecord;

/// A message added but not yet produced.
struct Queued {
    topic: String,
    key: Key,
    partition: Option<i32>,
    record: ProducerRecord,
}

/// Produces messages to Kafka. `produce()` returns once the brokers acknowledged them.
#[php_class]
#[php(name = "Kafka\\ProducerConnector")]
pub struct ProducerConnector {
    producer: Producer,
    partitioner: Option<Zval>,
    queue: Vec<Queued>,
    /// The last topic name that passed validation: most calls repeat it.
    last_topic: Option<String>,
}

/// Partition count and the keyless messages' partition of each topic seen in
/// one produce() call. A short list: calls rarely name more than a few topics,
/// and consecutive messages usually share one.
#[derive(Default)]
struct TopicPartitions {
    topics: Vec<(String, usize, Option<i32>)>,
    last: usize,
}

impl TopicPartitions {
    fn find(&mut self, topic: &str) -> Option<&mut (String, usize, Option<i32>)> {
        if self.topics.get(self.last).is_none_or(|t| t.0 != topic) {
            self.last = self.topics.iter().position(|t| t.0 == topic)?;
        }
        self.topics.get_mut(self.last)
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[php_impl]
#[php(change_method_case = "none")]
#[allow(non_snake_case)]
impl ProducerConnector {
    /// Not for PHP: producers come from `Create()` or `CreateCached()`.
    #[php(vis = "private")]
    pub fn __construct() -> PhpResult<Self> {
        Err(PhpException::from_message(
            "use Kafka\\ProducerConnector::Create()".into(),
        ))
    }

    /// A producer for the cluster behind `$connector` (ZooKeeper `host:port[/chroot]`
    /// or `kafka://host:port,...`). Connections and metadata are pooled per process.
    #[php(name = "Create")]
    #[php(defaults(compression = 0))]
    pub fn create(
        connector: String,
        compression: i64,
        partitioner: Option<&Zval>,
        options: OptionsArg<'_>,
    ) -> PhpResult<Self> {
        Self::build("Create", connector, compression, partitioner, options)
    }

    /// The same as `Create()`: kafka-php cached topic metadata here; kafka_rs
    /// keeps metadata and connections for every connector, for `kafka_rs.metadata_ttl_ms`.
    #[php(name = "CreateCached")]
    #[php(defaults(compression = 0))]
    pub fn create_cached(
        connector: String,
        compression: i64,
        partitioner: Option<&Zval>,
        options: OptionsArg<'_>,
    ) -> PhpResult<Self> {
        Self::build("CreateCached", connector, compression, partitioner, options)
    }

    /// Queues a message. `$key`: null (random partition), int (key mod n) or
    /// string (murmur2, as Java and librdkafka place keys); `$partition` forces one.
    pub fn addMessage(
        &mut self,
        topic: String,
        payload: StrArg<'_>,
        key: Option<&Zval>,
        partition: Option<i64>,
        headers: Option<&ZendHashTable>,
    ) -> PhpResult<()> {
        if self.last_topic.as_deref() != Some(topic.as_str()) {
            convert::topic_arg(
                &topic,
                "Kafka\\ProducerConnector::addMessage(): Argument #1 ($topic)",
            )?;
            self.last_topic = Some(topic.clone());
        }
        let value = convert::bytes_arg(
            payload.0.unwrap_or(&Zval::null()),
            "Kafka\\ProducerConnector::addMessage(): Argument #2 ($payload)",
        )?;
        let key = convert::key_arg(
            key,
            "Kafka\\ProducerConnector::addMessage(): Argument #3 ($key)",
        )?;
        let partition = match partition {
            None => None,
            Some(p) if (0..=i32::MAX as i64).contains(&p) => Some(p as i32),
            Some(p) => {
                return Err(value_error(format!(
                    "Kafka\\ProducerConnector::addMessage(): Argument #4 ($partition) must be 0 or more, {p} given"
                )))
            }
        };
        let headers = convert::headers_arg(
            headers,
            "Kafka\\ProducerConnector::addMessage(): Argument #5 ($headers)",
        )?;
        self.queue.push(Queued {
            record: ProducerRecord {
                key: key.bytes(),
                value: Some(value),
                headers,
                timestamp: now_ms(),
            },
            topic,
            key,
            partition,
        });
        Ok(())
    }

    /// Sends every queued message and returns how many were acknowledged. On
    /// failure it throws; messages not acknowledged stay queued for a later call.
    pub fn produce(&mut self) -> PhpResult<i64> {
        let mut outgoing = self.assign_partitions()?;
        let n = outgoing.len();
        let result = self.producer.send(&mut outgoing);
        // Whatever was not acknowledged goes back, in order, with its partition fixed.
        self.queue = outgoing.into_iter().map(requeue).collect();
        result?;
        Ok(n as i64)
    }

    /// Number of messages added and not yet acknowledged.
    pub fn pending(&self) -> i64 {
        self.queue.len() as i64
    }

    /// Topics of the cluster as kafka-php listed them: "name [partitions]".
    pub fn getAvailableTopics(&self) -> PhpResult<Vec<String>> {
        let topics = self.producer.cluster().lock().list_topics()?;
        Ok(topics
            .into_iter()
            .map(|(t, n)| format!("{t} [{n}]"))
            .collect())
    }

    /// Topics of the cluster with their partition counts.
    pub fn getTopicPartitionCounts(&self) -> PhpResult<Vec<(String, i64)>> {
        let topics = self.producer.cluster().lock().list_topics()?;
        Ok(topics.into_iter().map(|(t, n)| (t, n as i64)).collect())
    }
}

impl ProducerConnector {
    fn build(
        method: &str,
        connector: String,
        compression: i64,
        partitioner: Option<&Zval>,
        options: OptionsArg,
    ) -> PhpResult<Self> {
        let parsed = Connector::parse(&connector)?;
        let codec = convert::compression_arg(
            compression,
            &format!("Kafka\\ProducerConnector::{method}(): Argument #2 ($compression)"),
        )?;
        let base = php_partitioner::class_entry();
        let partitioner = match partitioner {
            None => None,
            Some(p) if p.is_null() => None,
            // The default partitioner itself: kafka_rs's own placement, keyless
            // messages of a produce() call kept together.
            Some(p) if base.is_some_and(|b| p.object().is_some_and(|o| std::ptr::eq(o.get_class_entry(), b))) => None,
            Some(p) if p.is_callable() || base.is_some_and(|b| p.object().is_some_and(|o| o.instance_of(b))) => {
                Some(p.shallow_clone())
            }
            Some(p) => {
                return Err(type_error(format!(
                    "Kafka\\ProducerConnector::{method}(): Argument #3 ($partitioner) must be of type callable|Kafka\\Partitioner|null, {} given",
                    convert::type_name(p)
                )))
            }
        };
        let config = convert::config(
            &options,
            &format!("Kafka\\ProducerConnector::{method}(): Argument #4 ($options)"),
        )?;
        let cluster = if settings::pooling() {
            pool::cluster(parsed, &config)
        } else {
            pool::private_cluster(parsed, &config)
        };
        Ok(ProducerConnector {
            producer: Producer::new(cluster, codec, config),
            partitioner,
            queue: Vec::new(),
            last_topic: None,
        })
    }

    /// Chooses a partition for each queued message. On error the queue is
    /// left as it was (partitions already chosen are kept).
    fn assign_partitions(&mut self) -> PhpResult<Vec<Outgoing>> {
        let mut seen = TopicPartitions::default();
        let mut out: Vec<Outgoing> = Vec::with_capacity(self.queue.len());
        let mut queue = std::mem::take(&mut self.queue).into_iter();
        while let Some(q) = queue.next() {
            match self.partition_for(&q, &mut seen) {
                Ok(partition) => out.push(Outgoing {
                    topic: q.topic,
                    partition,
                    record: q.record,
                }),
                Err(e) => {
                    self.queue = out.into_iter().map(requeue).collect();
                    self.queue.push(q);
                    self.queue.extend(queue);
                    return Err(e);
                }
            }
        }
        Ok(out)
    }

    fn partition_for(&self, q: &Queued, seen: &mut TopicPartitions) -> PhpResult<i32> {
        if seen.find(&q.topic).is_none() {
            let n = self.producer.partition_count(&q.topic)?;
            seen.topics.push((q.topic.clone(), n, None));
        }
        let Some(entry) = seen.find(&q.topic) else {
            return Err(Error::InvalidArgument(format!("topic \"{}\" vanished", q.topic)).into());
        };
        let n = entry.1;
        match (q.partition, &self.partitioner) {
            (Some(p), _) if (p as usize) < n => Ok(p),
            (Some(p), _) => Err(Error::InvalidArgument(format!(
                "topic \"{}\" has {n} partitions; partition {p} does not exist",
                q.topic
            ))
            .into()),
            (None, Some(user)) => call_partitioner(user, &q.topic, &q.key, n),
            (None, None) => {
                // Keyless messages of one produce() call go to one random
                // partition per topic, so they travel as one batch.
                let s = *entry.2.get_or_insert_with(|| partitioner::random(n));
                Ok(default_partition(&q.key, n, Some(s)))
            }
        }
    }
}

/// A message back in the queue with its partition decided.
fn requeue(o: Outgoing) -> Queued {
    Queued {
        topic: o.topic,
        key: Key::None,
        partition: Some(o.partition),
        record: o.record,
    }
}

/// Asks the user's partitioner (callable or Kafka\Partitioner) for a partition.
/// A wrong answer is a `\Kafka\Exception`, as kafka-php reported it.
fn call_partitioner(p: &Zval, topic: &str, key: &Key, n: usize) -> PhpResult<i32> {
    let key_arg = match key {
        Key::None => Zval::null(),
        Key::Int(i) => i.into_zval(false)?,
        Key::Bytes(b) => bytes_zval(b),
    };
    let count = n as i64;
    let base = php_partitioner::class_entry();
    let result = match p.object() {
        Some(obj) if base.is_some_and(|b| obj.instance_of(b)) => {
            let r = obj.try_call_method("partition", vec![&key_arg, &count])?;
            // A PHP override that threw leaves its exception pending: rethrow it.
            ExecutorGlobals::throw_if_exception()?;
            r
        }
        Some(_) => ZendCallable::new(p)?.try_call(vec![&key_arg, &count])?,
        None => p.try_call(vec![&key_arg, &count])?,
    };
    ExecutorGlobals::throw_if_exception()?;
    match result.long() {
        Some(v) if (0..count).contains(&v) => Ok(v as i32),
        _ => Err(kafka_error(format!(
            "the partitioner must return an int from 0 to {} for topic \"{topic}\" ({n} partitions), {} returned",
            n - 1,
            describe_result(&result)
        ))),
    }
}

/// A partitioner's answer as an error message shows it.
fn describe_result(z: &Zval) -> String {
    match (z.long(), z.str()) {
        (Some(i), _) => i.to_string(),
        (_, Some(s)) => format!("string \"{s}\""),
        _ => convert::type_name(z),
    }
}

impl Drop for ProducerConnector {
    /// Messages added but never produced are sent when the connector goes away
    /// (end of request or unset), within `kafka_rs.shutdown_flush_ms`; what
    /// cannot be sent is reported in the error log, never dropped silently.
    fn drop(&mut self) {
        if self.queue.is_empty() {
            return;
        }
        let budget = settings::shutdown_flush();
        let (unsent, reason) = if budget.is_zero() {
            (
                self.queue.len(),
                "kafka_rs.shutdown_flush_ms is 0".to_string(),
            )
        } else if self.partitioner.is_some() && self.queue.iter().any(|q| q.partition.is_none()) {
            // The user's partitioner is PHP code, which cannot run during teardown.
            (
                self.queue.len(),
                "their partitioner is PHP code, which cannot run while the connector is destroyed"
                    .to_string(),
            )
        } else {
            match self.flush_at_shutdown(budget) {
                (0, _) => return,
                (n, reason) => (n, reason),
            }
        };
        log_error(&format!(
            "kafka_rs: {unsent} message(s) added to a ProducerConnector but never produced were not sent: {reason}"
        ));
    }
}

impl ProducerConnector {
    /// Sends what is queued with timeouts cut to `budget`. Returns how many
    /// messages were not sent, and why.
    fn flush_at_shutdown(&mut self, budget: Duration) -> (usize, String) {
        let cluster = self.producer.cluster().clone();
        let saved_cluster = cluster.lock().config().clone();
        let mut quick = saved_cluster.clone();
        quick.request_timeout = quick.request_timeout.min(budget);
        quick.connect_timeout = quick.connect_timeout.min(budget);
        cluster.lock().set_config(quick.clone());
        let saved_producer = self.producer.config_mut().clone();
        {
            let c = self.producer.config_mut();
            c.request_timeout = quick.request_timeout;
            c.produce_retries = c.produce_retries.min(2);
        }
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::with_capacity(self.queue.len());
        let mut unsent = 0;
        let mut reasons = Vec::new();
        for q in std::mem::take(&mut self.queue) {
            let n = match counts.get(&q.topic) {
                Some(n) => *n,
                None => match self.producer.partition_count(&q.topic) {
                    Ok(n) => {
                        counts.insert(q.topic.clone(), n);
                        n
                    }
                    Err(e) => {
                        unsent += 1;
                        reasons.push(e.to_string());
                        continue;
                    }
                },
            };
            let partition = match q.partition {
                // produce() refused it already: it is not sent somewhere else instead.
                Some(p) if p as usize >= n => {
                    unsent += 1;
                    reasons.push(format!(
                        "topic \"{}\" has {n} partitions; partition {p} does not exist",
                        q.topic
                    ));
                    continue;
                }
                Some(p) => p,
                None => default_partition(&q.key, n, None),
            };
            out.push(Outgoing {
                topic: q.topic,
                partition,
                record: q.record,
            });
        }
        if let Err(e) = self.producer.send(&mut out) {
            reasons.push(e.to_string());
        }
        unsent += out.len();
        cluster.lock().set_config(saved_cluster);
        *self.producer.config_mut() = saved_producer;
        reasons.dedup();
        (unsent, reasons.join("; "))
    }
}
