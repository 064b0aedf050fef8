// Writes transactions with the Kafka Java client, so that kafka_rs's
// read_committed handling is tested against markers a real producer wrote.
//
//   java -cp 'tests/broker/cache/kafka-3.9.2/*' tests/tools/TransactionalProducer.java \
//        BOOTSTRAP TOPIC
//
// Writes, to partition 0 of TOPIC: "plain-1" (no transaction), an aborted
// transaction ("aborted-1", "aborted-2"), a committed one ("committed-1",
// "committed-2"), then "plain-2".

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class TransactionalProducer {
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        Properties plain = new Properties();
        plain.put("bootstrap.servers", bootstrap);
        plain.put("key.serializer", StringSerializer.class.getName());
        plain.put("value.serializer", StringSerializer.class.getName());
        Properties txn = (Properties) plain.clone();
        txn.put("transactional.id", "kafka_rs-test-" + topic);

        try (KafkaProducer<String, String> p = new KafkaProducer<>(plain)) {
            p.send(new ProducerRecord<>(topic, 0, null, "plain-1")).get();
        }
        try (KafkaProducer<String, String> p = new KafkaProducer<>(txn)) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(topic, 0, null, "aborted-1"));
            p.send(new ProducerRecord<>(topic, 0, null, "aborted-2"));
            p.flush();
            p.abortTransaction();
            p.beginTransaction();
            p.send(new ProducerRecord<>(topic, 0, null, "committed-1"));
            p.send(new ProducerRecord<>(topic, 0, null, "committed-2"));
            p.commitTransaction();
        }
        try (KafkaProducer<String, String> p = new KafkaProducer<>(plain)) {
            p.send(new ProducerRecord<>(topic, 0, null, "plain-2")).get();
        }
    }
}
