<?php
// One web request that sends one event to Kafka and ends: the page the web
// tests (tests/web/run) and the benchmark (tests/bench/web_produce) load.
//
//   GET /produce.php?c=CONNECTOR&t=TOPIC&r=RUN&n=NUMBER[&mode=queue][&size=100]
//
// Odd numbers create the producer with CreateCached(), even ones with Create():
// both must share the worker's pool.
// The message's payload is "kwt:RUN:NUMBER:" padded with "." to `size` bytes
// (default 100), so a test finds each number in Kafka (or in a log segment).
// mode=produce (default): addMessage() then produce(), which returns once the
//   broker acknowledged; the answer is "ok NUMBER PID MS".
// mode=queue: addMessage() only; the message is left to the end of the request
//   (kafka_rs.shutdown_flush_ms), which sends it or writes it to the error log.
//   The answer is "queued NUMBER PID MS".
// A \Kafka\Exception answers 503 "fail NUMBER PID MS CLASS: MESSAGE"; anything
// else thrown answers 500 "error NUMBER PID MS CLASS: MESSAGE" (a test failure).
// MS: milliseconds from the start of the request to the answer (the end of the
// request, where a queued message is sent, comes after).
header('Content-Type: text/plain');
$pid = getmypid();
$start = $_SERVER['REQUEST_TIME_FLOAT'] ?? microtime(true);
$ms = fn() => sprintf('%.1f', (microtime(true) - $start) * 1000);
$n = (string)($_GET['n'] ?? '');
$topic = (string)($_GET['t'] ?? '');
$connector = (string)($_GET['c'] ?? '127.0.0.1:2181');
$run = (string)($_GET['r'] ?? '0');
$mode = (string)($_GET['mode'] ?? 'produce');
$size = max(16, min(1 << 20, (int)($_GET['size'] ?? 100)));
if (!preg_match('/^[0-9]+$/', $n) || $topic === '') {
    http_response_code(400);
    echo "error $n $pid {$ms()} bad request: n and t are required\n";
    return;
}
$payload = "kwt:$run:$n:";
$payload .= str_repeat('.', max(0, $size - strlen($payload)));

try {
    $producer = (int)$n % 2 === 1
        ? \Kafka\ProducerConnector::CreateCached($connector, \Kafka\Kafka::COMPRESSION_NONE, null, ['acks' => 1])
        : \Kafka\ProducerConnector::Create($connector, \Kafka\Kafka::COMPRESSION_NONE, null, ['acks' => 1]);
    $producer->addMessage($topic, $payload);
    if ($mode === 'queue') {
        echo "queued $n $pid {$ms()}\n";
        return;                     // $producer is destroyed at the end of the request
    }
    $t = hrtime(true);
    $acked = $producer->produce();
    // The broker round trip as this request saw it (read by tests/bench/web_produce).
    header(sprintf('Server-Timing: produce;dur=%.3f', (hrtime(true) - $t) / 1e6));
    if ($acked !== 1) {
        http_response_code(500);
        echo "error $n $pid {$ms()} produce() returned ", var_export($acked, true), " for one message\n";
        return;
    }
    echo "ok $n $pid {$ms()}\n";
} catch (\Kafka\Exception $e) {
    http_response_code(503);
    echo "fail $n $pid {$ms()} ", get_class($e), ': ', strtr($e->getMessage(), "\r\n", '  '), "\n";
} catch (\Throwable $e) {
    http_response_code(500);
    echo "error $n $pid {$ms()} ", get_class($e), ': ', strtr($e->getMessage(), "\r\n", '  '), "\n";
}
