<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * What the module remembers per WHMCS service between module calls: the event waiting for a 202
 * (so that a retry from the Module Queue re-sends the same eventId and occurredAt) and the last
 * event sent with its outcome (shown on the admin's service page).
 */
interface EmaEventStore
{
    public function find(int $serviceId): ?EmaServiceEvents;

    public function save(EmaServiceEvents $state): void;
}
