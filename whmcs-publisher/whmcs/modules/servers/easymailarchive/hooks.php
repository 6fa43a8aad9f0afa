<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/*
 * WHMCS loads this file on every page. AfterCronJob runs at the end of every WHMCS cron run
 * (every few minutes): it delivers the events waiting in the module's outbox, oldest first, and
 * writes the provisioning worker's new failures into the Module Log. A failure is logged and
 * never thrown at the cron.
 */

require_once __DIR__ . '/lib/loader.php';

add_hook('AfterCronJob', 1, function (array $vars) {
    EmaOutboxDrainer::cronRun();
    EmaFailureLog::cronRun();
});
