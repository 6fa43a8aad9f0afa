<?php

// The part of WHMCS's usage billing API (7.9+) the module's MetricProvider uses, as WHMCS ships it
// (one file per class in UsageBilling/): loaded only by tests that run in a process of their own,
// since its presence switches the module's MetricProvider on.

require_once __DIR__ . '/UsageBilling/UsageInterface.php';
require_once __DIR__ . '/UsageBilling/UnitInterface.php';
require_once __DIR__ . '/UsageBilling/MetricInterface.php';
require_once __DIR__ . '/UsageBilling/ProviderInterface.php';
require_once __DIR__ . '/UsageBilling/Usage.php';
require_once __DIR__ . '/UsageBilling/Metric.php';
require_once __DIR__ . '/UsageBilling/Unit.php';
require_once __DIR__ . '/UsageBilling/Accounts.php';
require_once __DIR__ . '/UsageBilling/GigaBytes.php';
require_once __DIR__ . '/UsageBilling/WholeNumber.php';
