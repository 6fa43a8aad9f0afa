<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * Decides which eventId and occurredAt a module action sends.
 *
 * A service has at most one pending event: the last one prepared for it and not yet accepted
 * (HTTP 202) by the gateway. An action reuses it only when it is of the same type, i.e. when
 * the admin retries the very action that failed (from the Module Queue or the service page)
 * and nothing else was attempted for the service in between. Then the consumers may see the
 * event twice (a lost 202) but recognise it by its id.
 *
 * Everything else gets a new event, with the current time:
 * - after a 202 the pending event is forgotten, so next month's suspend is a new event; the same
 *   when the event went to the outbox, which delivers it with its own id;
 * - an action of another type replaces the pending event: if a failed suspend is retried after
 *   an unsuspend, it is a new decision and must carry a newer occurredAt, or the consumers
 *   (newest event wins) would discard it as older than the unsuspend.
 */
final class EmaPendingEvents
{
    /** @var callable(): string */
    private $now;

    /** @var callable(): string */
    private $newId;

    public function __construct(private readonly EmaEventStore $store, ?callable $now = null, ?callable $newId = null)
    {
        $this->now = $now ?? [EmaEventBuilder::class, 'now'];
        $this->newId = $newId ?? [EmaEventBuilder::class, 'newEventId'];
    }

    /**
     * The id and time to send for this action; a new pending event is stored before it is sent.
     *
     * @return array{eventId: string, occurredAt: string, resent: bool}
     */
    public function eventFor(int $serviceId, string $type): array
    {
        $state = $this->store->find($serviceId) ?? new EmaServiceEvents($serviceId);
        if ($state->hasPending() && $state->pendingType === $type) {
            return ['eventId' => $state->pendingEventId, 'occurredAt' => $state->pendingOccurredAt, 'resent' => true];
        }
        $state->pendingType = $type;
        $state->pendingEventId = ($this->newId)();
        $state->pendingOccurredAt = ($this->now)();
        $this->store->save($state);
        return ['eventId' => $state->pendingEventId, 'occurredAt' => $state->pendingOccurredAt, 'resent' => false];
    }

    public function accepted(int $serviceId, string $type, array $event, string $detail): void
    {
        $this->record($serviceId, $type, $event, 'accepted', $detail);
    }

    /** The event went to the outbox: the cron hook delivers it, so no retry may re-send it as pending. */
    public function queued(int $serviceId, string $type, array $event, string $reason): void
    {
        $this->record($serviceId, $type, $event, 'queued', $reason);
    }

    public function failed(int $serviceId, string $type, array $event, string $reason): void
    {
        $this->record($serviceId, $type, $event, 'failed', $reason);
    }

    public function state(int $serviceId): ?EmaServiceEvents
    {
        return $this->store->find($serviceId);
    }

    private function record(int $serviceId, string $type, array $event, string $outcome, string $detail): void
    {
        $state = $this->store->find($serviceId) ?? new EmaServiceEvents($serviceId);
        $state->attempts = $state->lastEventId === $event['eventId'] ? $state->attempts + 1 : 1;
        $state->lastType = $type;
        $state->lastEventId = $event['eventId'];
        $state->lastOccurredAt = $event['occurredAt'];
        $state->lastAttemptAt = ($this->now)();
        $state->lastOutcome = $outcome;
        $state->lastDetail = $detail;
        if ($outcome !== 'failed' && $state->pendingEventId === $event['eventId']) {
            $state->pendingType = null;
            $state->pendingEventId = null;
            $state->pendingOccurredAt = null;
        }
        $this->store->save($state);
    }
}
