<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/** One row of the store: a service's pending event and its last sent event. */
final class EmaServiceEvents
{
    public function __construct(
        public readonly int $serviceId,
        /** Type, id and time of the event not yet accepted by the gateway, or nulls. */
        public ?string $pendingType = null,
        public ?string $pendingEventId = null,
        public ?string $pendingOccurredAt = null,
        /** The last event sent to the gateway and what became of it. */
        public ?string $lastType = null,
        public ?string $lastEventId = null,
        public ?string $lastOccurredAt = null,
        public ?string $lastAttemptAt = null,
        /** "accepted", "queued" (in the outbox) or "failed". */
        public ?string $lastOutcome = null,
        public ?string $lastDetail = null,
        /** Module calls that sent lastEventId. */
        public int $attempts = 0
    ) {
    }

    public function hasPending(): bool
    {
        return $this->pendingEventId !== null;
    }
}
