<?php

/**
 * kafka_rs: the PHP API of the extension, for IDEs and static analysers.
 *
 * This file is never loaded by PHP: the classes come from kafka_rs.so. It is
 * checked against the built extension by tests/phpt/stubs_match_extension.phpt
 * (classes, parents, interfaces, constants, properties, methods, parameter
 * names, types and defaults). Where ext-php-rs cannot declare a union type the
 * extension's reflection says `mixed` and this file gives the real union.
 *
 * The API is kafka-php's (`require "kafka-php/src/Kafka/Kafka.php"` removed),
 * speaking today's Kafka (0.8 to 4.x) with ApiVersions negotiation.
 *
 * Connectors (the `$connector` of Create()):
 *   "host:port[,host:port...][/chroot]"  ZooKeeper, as kafka-php took it; brokers
 *                                        are read from /brokers/ids (Kafka up to 3.x)
 *   "zk://host:port[,...][/chroot]"      the same, explicitly
 *   "kafka://host:port[,host:port...]"   bootstrap brokers (KRaft clusters, or any
 *                                        cluster without ZooKeeper)
 *
 * Offsets are decimal strings on the way out (exact on 32-bit PHP too). On the
 * way in an offset may be an int, a decimal string, kafka-php's 16 hex digits,
 * or Kafka::OFFSETS_EARLIEST / Kafka::OFFSETS_LATEST.
 *
 * ini settings (php.ini, -d or ini_set(); read when a connector is created):
 *   kafka_rs.client_id           "kafka_rs"  client.id sent with every request
 *   kafka_rs.connect_timeout_ms  5000        limit for one TCP connect, per address tried
 *   kafka_rs.request_timeout_ms  30000       limit for one response (a fetch adds its wait)
 *   kafka_rs.acks                1           acknowledgements produce() waits for:
 *                                            0 none, 1 the leader, -1 all in-sync replicas
 *   kafka_rs.retries             5           produce retries after a retriable broker
 *                                            error or a lost connection (0 to 1000)
 *   kafka_rs.metadata_ttl_ms     60000       how long topic metadata is cached
 *   kafka_rs.fetch_wait_ms       100         longest a broker holds a fetch open while
 *                                            no new message arrives
 *   kafka_rs.pool                1           1: connections and metadata are kept per
 *                                            process and reused by later requests;
 *                                            0: each connector has its own
 *   kafka_rs.shutdown_flush_ms   5000        how long a ProducerConnector destroyed with
 *                                            messages never produced may spend sending
 *                                            them; 0 sends nothing. What is not sent is
 *                                            reported in the PHP error log.
 *   kafka_rs.auto_commit_interval_ms 10000   consumer groups: how often the positions
 *                                            read are committed (checked whenever a
 *                                            stream is read); 0: only by commitOffsets(),
 *                                            close(), before a rebalance and at destruction
 *
 * Connector $options (the last argument of Create()/CreateCached()), overriding
 * the ini settings for that connector:
 *   "acks"               0, 1, -1 or "all"
 *   "connect_timeout_ms" int >= 1
 *   "request_timeout_ms" int >= 1
 *   "retries"            int >= 0
 *   "batch_bytes"        int >= 1, largest uncompressed record batch produced
 *                        (default 1048576)
 *   "metadata_ttl_ms"    int >= 0
 *   "fetch_wait_ms"      int >= 0
 *   "fetch_max_version"  int >= 0, highest Fetch API version used (lower it to
 *                        read legacy message sets as a 0.10 client would; default 11)
 *   "isolation_level"    "read_committed" (default: aborted transactions are
 *                        hidden) or "read_uncommitted"
 *   "client_id"          non-empty string
 * ConsumerConnector only, for consumer groups:
 *   "auto_commit_interval_ms"  int >= 0, as kafka_rs.auto_commit_interval_ms
 *   "session_timeout_ms"       int >= 1 (default 30000): a member not heard from for
 *                              this long is dropped and its partitions move. Within
 *                              the broker's group.min/max.session.timeout.ms (6000 to
 *                              1800000 by default), else JoinGroup fails with
 *                              INVALID_SESSION_TIMEOUT.
 *   "heartbeat_interval_ms"    int >= 1, less than the session timeout (default 3000)
 *   "rebalance_timeout_ms"     int >= 1 (default 60000): how long a rebalance waits
 *                              for the members to rejoin
 *   "partition_assignment_strategy"  "range", "roundrobin", or a list of them (an
 *                              array or a comma-separated string) in preference
 *                              order (default ["range", "roundrobin"])
 * An unknown key or a bad value is a \ValueError naming it. In the place of
 * $options, kafka-php's `$apiVersion` (a float such as 0.7) is accepted and
 * ignored: versions are negotiated with each broker.
 *
 * Bad arguments are PHP's own \TypeError and \ValueError; everything Kafka,
 * the network or ZooKeeper does wrong is a \Kafka\Exception.
 *
 * Consumer groups (ConsumerConnector::Create($connector, $groupId)): the PHP
 * processes of one group share each topic's partitions, with Kafka's classic
 * group protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup; Kafka 0.11 to
 * 4.x) and the range or round-robin assignor. createMessageStreams() still
 * returns one stream per partition; a stream whose partition the group gave to
 * another process returns false, and starts reading when a rebalance gives it
 * to this one. A partition starts at the group's committed offset; where the
 * group has none in Kafka, at the offset kafka-php committed to ZooKeeper
 * (/consumers/<group>/offsets/<topic>/<broker>-<partition>, decimal or 16 hex
 * digits; ZooKeeper connectors only); else at $offset. Positions (the offset
 * after the last message returned) are committed every
 * kafka_rs.auto_commit_interval_ms, before partitions move in a rebalance, by
 * commitOffsets(), by close(), and when the connector and all its streams are
 * destroyed (a failure then goes to the PHP error log). The group's member
 * lives in this process: it heartbeats whenever a stream is read, so a process
 * that stops reading for longer than session_timeout_ms loses its partitions
 * (the messages read since its last commit are read again by the next owner:
 * at least once, never skipped).
 */

namespace Kafka {

    /** The kafka-php constants. */
    class Kafka
    {
        /** Start at the end of each partition: only messages produced from now on. */
        public const OFFSETS_LATEST = '-1';
        /** Start at the first message still kept in each partition. */
        public const OFFSETS_EARLIEST = '-2';
        /** No compression. */
        public const COMPRESSION_NONE = 0;
        /** gzip. */
        public const COMPRESSION_GZIP = 1;
        /** snappy (xerial framing, as the Java client writes it). */
        public const COMPRESSION_SNAPPY = 2;
        /** lz4 frame. */
        public const COMPRESSION_LZ4 = 3;
        /** zstd (Kafka 2.1 and later). */
        public const COMPRESSION_ZSTD = 4;

        /** Not instantiable: the class only holds constants. */
        private function __construct() {}
    }

    /**
     * Produces messages. Connections and metadata are pooled per process
     * (kafka_rs.pool), so creating a connector per request is cheap.
     */
    class ProducerConnector
    {
        /** Not instantiable: use Create() or CreateCached(). */
        private function __construct() {}

        /**
         * A producer for the cluster behind $connector. No connection is made
         * until it is needed.
         *
         * @param string $connector ZooKeeper "host:port[/chroot]" or "kafka://host:port,..."
         * @param int $compression one of the Kafka::COMPRESSION_* constants
         * @param callable(int|string|null, int): int|Partitioner|null $partitioner
         *        decides the partition of messages added without one: a
         *        Partitioner (or subclass), or a callable taking ($key, $numPartitions).
         *        null: the default (see Partitioner), with messages without a key
         *        of one produce() call sent to one random partition per topic.
         * @param array<string, int|string>|null $options see the file header
         * @throws \ValueError for a malformed connector, a compression outside the
         *         constants, or a bad option
         * @throws \TypeError for a partitioner that is neither callable nor a Partitioner
         */
        public static function Create(string $connector, int $compression = Kafka::COMPRESSION_NONE, callable|Partitioner|null $partitioner = null, ?array $options = null): \Kafka\ProducerConnector {}

        /**
         * The same as Create(): kafka-php kept the discovered metadata in a file
         * here; kafka_rs keeps metadata and connections for every connector, in
         * the process, for kafka_rs.metadata_ttl_ms.
         *
         * @param callable(int|string|null, int): int|Partitioner|null $partitioner
         * @param array<string, int|string>|null $options
         */
        public static function CreateCached(string $connector, int $compression = Kafka::COMPRESSION_NONE, callable|Partitioner|null $partitioner = null, ?array $options = null): \Kafka\ProducerConnector {}

        /**
         * Queues a message; produce() sends it. Nothing is sent here.
         *
         * @param string $topic letters, digits, '.', '_' and '-', at most 249
         * @param string $payload any bytes
         * @param int|string|null $key null: a random partition; int: key mod the
         *        partition count; string: murmur2 as the Java client and
         *        librdkafka place keys. Sent as the message key (an int as its
         *        decimal string). Ignored for placement when $partition is given.
         * @param int|null $partition a partition to use instead of the partitioner
         * @param array<string, string|null>|null $headers record headers (Kafka 0.11+)
         * @throws \ValueError for a bad topic name or a negative partition
         * @throws \TypeError for a payload or key of another type
         */
        public function addMessage(string $topic, string $payload, int|string|null $key = null, ?int $partition = null, ?array $headers = null): void {}

        /**
         * Sends every queued message and returns once the brokers acknowledged
         * them (as kafka_rs.acks asks); returns how many were sent. On failure it
         * throws and the messages not acknowledged stay queued for a later call.
         *
         * @throws \Kafka\Exception
         */
        public function produce(): int {}

        /** Number of messages added and not yet acknowledged. */
        public function pending(): int {}

        /**
         * The cluster's topics as kafka-php listed them, "name [partitions]",
         * sorted by name; internal topics left out.
         *
         * @return list<string>
         * @throws \Kafka\Exception
         */
        public function getAvailableTopics(): array {}

        /**
         * The cluster's topics with their partition counts, sorted by name.
         *
         * @return array<string, int>
         * @throws \Kafka\Exception
         */
        public function getTopicPartitionCounts(): array {}
    }

    /**
     * Reads the topics of a cluster, one MessageStream per partition; with a
     * group id, as one member of a consumer group (see the file header).
     */
    final class ConsumerConnector
    {
        /** Not instantiable: use Create(). */
        private function __construct() {}

        /**
         * A consumer for the cluster behind $connector.
         *
         * @param string $connector ZooKeeper "host:port[/chroot]" or "kafka://host:port,..."
         * @param string|null $groupId a consumer group to read as a member of;
         *        kafka-php's `$apiVersion` (a float) in this place is accepted and
         *        ignored. Nothing is sent until a stream is first read.
         * @param array<string, int|string|list<string>>|null $options see the file header
         * @throws \ValueError for a malformed connector, an empty group or a bad option
         */
        public static function Create(string $connector, ?string $groupId = null, ?array $options = null): \Kafka\ConsumerConnector {}

        /** The consumer group given to Create(), or null. */
        public function getGroupId(): ?string {}

        /**
         * One stream per partition of $topic, in partition order. With a group,
         * $topic joins the group subscription (the member rejoins and the group
         * rebalances when the member was already in it), and $offset is where a
         * partition starts only when the group has no committed offset for it.
         *
         * @param int $maxFetchSize bytes asked for per fetch (1 to 2147483647); a
         *        larger message still arrives whole
         * @param int|string|\DateTimeInterface $offset Kafka::OFFSETS_LATEST (only new
         *        messages), Kafka::OFFSETS_EARLIEST, an offset (int, decimal string,
         *        or kafka-php's 16 hex digits) used for every partition, or a point
         *        in time: each partition starts at its first message at or after it
         *        (its end when there is none). LATEST and times are resolved now.
         * @return list<MessageStream>
         * @throws \Kafka\Exception\TopicUnavailable when the topic does not exist
         * @throws \Kafka\Exception after close()
         * @throws \ValueError for a bad topic name, fetch size or offset
         * @throws \TypeError for an offset of another type
         */
        public function createMessageStreams(string $topic, int $maxFetchSize = 1048576, int|string|\DateTimeInterface $offset = Kafka::OFFSETS_LATEST): array {}

        /**
         * One stream per partition of every topic $filter lets through (internal
         * topics never), ordered by topic name, then partition. An empty array
         * when the filter lets no topic through. The filter runs once, now:
         * topics created later are not picked up.
         *
         * @return list<MessageStream>
         * @throws \Kafka\Exception
         */
        public function createMessageStreamsByFilter(TopicFilter $filter, int $maxFetchSize = 1048576, int|string|\DateTimeInterface $offset = Kafka::OFFSETS_LATEST): array {}

        /**
         * Commits now, for the group, the position of every partition this
         * process read: the offset after the last message its stream returned.
         * Does nothing after close().
         *
         * @throws \Kafka\Exception\BrokerError when the group refused the commit,
         *         e.g. UNKNOWN_MEMBER_ID after this process was dropped from the
         *         group (the next read rejoins it), REBALANCE_IN_PROGRESS
         * @throws \Kafka\Exception on connection failures, or without a group
         */
        public function commitOffsets(): void {}

        /**
         * Commits (as commitOffsets()) and leaves the group, so that the other
         * members take this process's partitions at once. The streams throw
         * afterwards; a later close() does nothing. Without a group, nothing to do.
         * Destroying the connector and all its streams does the same.
         *
         * @throws \Kafka\Exception when the commit or the leave failed (both are tried)
         */
        public function close(): void {}

        /**
         * The partitions the group gives this process, topic => partitions, as
         * of the last read of a stream (no request is sent); [] before the
         * first read, without a group, or after close().
         *
         * @return array<string, list<int>>
         */
        public function getAssignment(): array {}

        /**
         * The group's committed offsets of $topic, asked of the group
         * coordinator (OffsetFetch; this connector need not be a member):
         * partition => offset as a decimal string, the offset the group reads
         * next. Partitions without a commit are left out.
         *
         * @return array<int, string>
         * @throws \Kafka\Exception\TopicUnavailable when the topic does not exist
         * @throws \Kafka\Exception on failure, or without a group
         * @throws \ValueError for a bad topic name
         */
        public function getCommittedOffsets(string $topic): array {}
    }

    /**
     * The messages of one partition, in offset order, fetched as they are read
     * (memory is bounded by one message). Also an \Iterator: foreach gives the
     * messages up to the end of the partition, keyed by offset (a string);
     * nextMessage() after the end fetches again.
     *
     * @implements \Iterator<string, Message>
     */
    class MessageStream implements \Iterator
    {
        /** Not instantiable: use ConsumerConnector::createMessageStreams(). */
        private function __construct() {}

        /**
         * The next message, or false once the partition is caught up; a later
         * call fetches again (the seed's "listen for new messages" loop). In a
         * group, also false while the partition is assigned to another process;
         * each call keeps the membership alive (heartbeat, rejoin, auto-commit).
         *
         * @throws \Kafka\Exception (after the connector's close() too)
         */
        public function nextMessage(): Message|false {}

        /** The topic. */
        public function topic(): string {}

        /** The partition. */
        public function partition(): int {}

        /**
         * The offset of the next message to be read, as a decimal string.
         *
         * @throws \Kafka\Exception when OFFSETS_* had to be resolved and the
         *         broker could not be asked
         */
        public function offset(): string {}

        /**
         * \Iterator: the message at the current position.
         *
         * @throws \Kafka\Exception\EndOfStream past the end
         */
        public function current(): Message {}

        /** \Iterator: the current message's offset, null past the end. */
        public function key(): ?string {}

        /** \Iterator: moves to the next message, fetching as needed. */
        public function next(): void {}

        /**
         * \Iterator: a stream does not go back; the first rewind reads the
         * first message, later ones do nothing.
         */
        public function rewind(): void {}

        /** \Iterator: false once the partition is caught up. */
        public function valid(): bool {}
    }

    /** One message, consumed or built by hand. */
    class Message
    {
        /**
         * kafka-php's constructor, with key, timestamp and headers added.
         *
         * @param int|string|null $offset an offset (not OFFSETS_*); null is 0
         * @param int|string|null $key
         * @param int $timestamp milliseconds since the epoch, -1 for none
         * @param array<string, string|null>|null $headers
         * @throws \ValueError for an empty topic, a negative partition, a
         *         compression outside the constants or a bad offset
         */
        public function __construct(string $topic, int $partition, string $payload, int $compression = Kafka::COMPRESSION_NONE, int|string|null $offset = null, int|string|null $key = null, int $timestamp = -1, ?array $headers = null) {}

        /** The payload, binary-safe; "" for a null value. */
        public function payload(): string {}

        /** The key, or null. */
        public function key(): ?string {}

        /** The topic. */
        public function topic(): string {}

        /** The partition. */
        public function partition(): int {}

        /** The offset, as a decimal string (exact on any PHP build). */
        public function offset(): string {}

        /** Milliseconds since the epoch; -1 when the message format carries none. */
        public function timestamp(): int {}

        /**
         * The headers, name => value; for a repeated name the last value wins.
         *
         * @return array<string, string|null>
         */
        public function headers(): array {}

        /** The codec the message travelled in, a Kafka::COMPRESSION_* constant. */
        public function compression(): int {}

        /** The payload's length in bytes. */
        public function size(): int {}
    }

    /**
     * The default partitioner. Subclass it and override partition() to decide
     * yourself, as in kafka-php; or pass any callable to Create().
     */
    class Partitioner
    {
        /**
         * The partition for $key: a random one for null, $key mod
         * $numPartitions for an int (never negative), murmur2 for a string (the
         * Java client's and librdkafka's placement). Overrides may return any
         * int from 0 to $numPartitions - 1; anything else makes produce() throw
         * a \Kafka\Exception.
         *
         * @param int|string|null $key
         * @return int
         * @throws \ValueError when $numPartitions is not 1 to 2147483647
         * @throws \TypeError for a key of another type
         */
        public function partition(mixed $key, int $numPartitions) {}

        /** Java's murmur2 hash of $data, as a signed 32-bit integer. */
        public static function murmur2(string $data): int {}
    }

    /**
     * Chooses topics for ConsumerConnector::createMessageStreamsByFilter().
     * Extend it and implement topicPassesFilter() for a filter of your own, as
     * in kafka-php.
     */
    abstract class TopicFilter
    {
        /**
         * The topics of $allTopics that pass the filter, in their order.
         *
         * @param array<string> $allTopics
         * @return list<string>
         */
        final public function getTopics(array $allTopics): array {}

        /**
         * Whether $topic passes (the result is read as an if condition reads it).
         *
         * @param string $topic
         * @return bool
         */
        abstract protected function topicPassesFilter(mixed $topic);
    }

    /**
     * Topics whose name matches a regex (a PCRE pattern, run by preg_match).
     * A bare regex, as kafka-php took them ("logs-.*"), must match the whole
     * name. A delimited one, written as for preg_match ("/^logs-/i"), is used as
     * given, so an unanchored part matches anywhere. A regex is delimited when
     * it starts with one of / # ~ ! @ % ; , ` and ends with the same character
     * followed only by modifiers.
     */
    class Whitelist extends TopicFilter
    {
        private $regex = null;

        /** @throws \ValueError when $regex does not compile, naming it */
        public function __construct(string $regex) {}

        /** @return bool */
        protected function topicPassesFilter(mixed $topic) {}
    }

    /** Topics whose name does not match a regex (the same forms as Whitelist). */
    class Blacklist extends TopicFilter
    {
        private $regex = null;

        /** @throws \ValueError when $regex does not compile, naming it */
        public function __construct(string $regex) {}

        /** @return bool */
        protected function topicPassesFilter(mixed $topic) {}
    }

    /**
     * The topics named, those of them that exist (a name the cluster does not
     * have is passed over, as by any filter).
     */
    class TopicList extends TopicFilter
    {
        private $topics = null;

        /**
         * @param list<string> $topics
         * @throws \TypeError for an element that is not a string
         * @throws \ValueError for a name Kafka does not allow
         */
        public function __construct(array $topics) {}

        /** @return bool */
        protected function topicPassesFilter(mixed $topic) {}
    }

    /**
     * Base class of every kafka_rs exception: catch (\Kafka\Exception) catches
     * them all. Thrown as such for a user's partitioner returning a wrong
     * partition, as kafka-php did. All take \Exception's constructor, and users
     * may extend any of them.
     */
    class Exception extends \RuntimeException
    {
    }
}

namespace Kafka\Exception {

    /** A broker or ZooKeeper could not be reached, or the connection failed. */
    class Connection extends \Kafka\Exception
    {
    }

    /** A connect, request or operation ran out of time. */
    class Timeout extends Connection
    {
    }

    /** A response that is not valid Kafka protocol. */
    class Protocol extends \Kafka\Exception
    {
    }

    /** Fetched data failed its checksum (CRC-32C, or CRC-32 for old formats). */
    class Crc extends Protocol
    {
    }

    /**
     * A Kafka error code returned by a broker. The code is the exception's code
     * (getCode()), so `new BrokerError($message, $kafkaCode)` makes one.
     */
    class BrokerError extends \Kafka\Exception
    {
        /** The Kafka error code, e.g. 10. */
        public function getKafkaCode(): int {}

        /** The Kafka error name, e.g. "MESSAGE_TOO_LARGE". */
        public function getKafkaName(): string {}
    }

    /**
     * Authentication or authorization refused by the cluster; the code is the
     * Kafka error code (0 when the failure was local).
     */
    class Authentication extends \Kafka\Exception
    {
        /** The Kafka error code, e.g. 58. */
        public function getKafkaCode(): int {}

        /** The Kafka error name, e.g. "SASL_AUTHENTICATION_FAILED". */
        public function getKafkaName(): string {}
    }

    /** The topic does not exist or has no leader. */
    class TopicUnavailable extends \Kafka\Exception
    {
    }

    /** A message does not fit in what the broker accepts or returns. */
    class MessageTooLarge extends \Kafka\Exception
    {
    }

    /** Reading past the end of a message stream. */
    class EndOfStream extends \Kafka\Exception
    {
    }
}
