<?php
// The request that does nothing: the baseline of tests/bench/web_produce.
