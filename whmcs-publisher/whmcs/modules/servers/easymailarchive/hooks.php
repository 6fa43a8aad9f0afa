<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/*
 * WHMCS loads this file on every page. The module needs no hooks yet: lifecycle events are sent
 * synchronously by the module functions, and an event the gateway did not accept waits in
 * WHMCS's Module Queue. Usage synchronisation (a DailyCronJob hook) arrives with the usage worker.
 */
