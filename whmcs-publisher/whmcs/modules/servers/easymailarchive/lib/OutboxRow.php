<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/** One event in the outbox. */
final class EmaOutboxRow
{
    public function __construct(
        public readonly int $id,
        public readonly int $serviceId,
        public readonly int $serverId,
        public readonly string $action,
        /** The event exactly as first built: original eventId and occurredAt. */
        public readonly array $event,
        public readonly string $status,
        public readonly string $queuedAt,
        public readonly int $attempts,
        public readonly ?string $lastAttemptAt,
        public readonly ?string $lastError
    ) {
    }

    public function failed(): bool
    {
        return $this->status === EmaOutbox::FAILED;
    }

    public function describe(): string
    {
        return ($this->event['type'] ?? '?') . ' · id ' . ($this->event['eventId'] ?? '?')
            . ' · occurred ' . ($this->event['occurredAt'] ?? '?');
    }
}
