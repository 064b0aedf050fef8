--TEST--
php --ri kafka_rs shows the version, the codecs and every kafka_rs.* setting with its value
--SKIPIF--
<?php if (!extension_loaded('kafka_rs')) die('skip kafka_rs not loaded'); ?>
--INI--
kafka_rs.request_timeout_ms=12345
--FILE--
<?php
$ext = new ReflectionExtension('kafka_rs');
var_dump($ext->getVersion() === phpversion('kafka_rs'), (bool)preg_match('/^\d+\.\d+\.\d+/', $ext->getVersion()));
ob_start();
$ext->info();   // what php --ri kafka_rs prints
$info = ob_get_clean();
foreach (['kafka_rs support => enabled', 'codecs => gzip, snappy, lz4, zstd', 'kafka_rs.request_timeout_ms => 12345 => 12345'] as $line) {
    echo $line, ': ', str_contains($info, $line) ? 'shown' : "missing\n$info", "\n";
}
$settings = array_keys($ext->getINIEntries());
sort($settings);
echo implode("\n", $settings), "\n";
?>
--EXPECT--
bool(true)
bool(true)
kafka_rs support => enabled: shown
codecs => gzip, snappy, lz4, zstd: shown
kafka_rs.request_timeout_ms => 12345 => 12345: shown
kafka_rs.acks
kafka_rs.auto_commit_interval_ms
kafka_rs.client_id
kafka_rs.connect_timeout_ms
kafka_rs.fetch_wait_ms
kafka_rs.metadata_ttl_ms
kafka_rs.pool
kafka_rs.request_timeout_ms
kafka_rs.retries
kafka_rs.shutdown_flush_ms
