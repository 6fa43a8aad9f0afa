<?php

/**
 * Which event id an action sends: the same one when the failed action is retried, a new one
 * after it was accepted or when another action came in between.
 */
final class PendingEventsTest extends ModuleTestCase
{
    private int $clock = 0;

    private function pending(): EmaPendingEvents
    {
        // A new store per call, as in WHMCS where every module call is a new PHP request.
        return new EmaPendingEvents(
            new EmaPdoEventStore(\WHMCS\Database\Capsule::pdo()),
            fn () => sprintf('2026-11-26T19:31:%02d.000000Z', ++$this->clock)
        );
    }

    public function testARetryAfterAFailureReusesTheIdAndTime(): void
    {
        $first = $this->pending()->eventFor(1, EmaEventBuilder::SUSPEND);
        $this->pending()->failed(1, EmaEventBuilder::SUSPEND, $first, 'gateway down');

        $retry = $this->pending()->eventFor(1, EmaEventBuilder::SUSPEND);

        self::assertFalse($first['resent']);
        self::assertTrue($retry['resent']);
        self::assertSame([$first['eventId'], $first['occurredAt']], [$retry['eventId'], $retry['occurredAt']]);
    }

    public function testAfterAcceptanceTheSameActionGetsANewEvent(): void
    {
        $suspend = $this->pending()->eventFor(1, EmaEventBuilder::SUSPEND);
        $this->pending()->accepted(1, EmaEventBuilder::SUSPEND, $suspend, 'partition 0, offset 1');

        $nextMonth = $this->pending()->eventFor(1, EmaEventBuilder::SUSPEND);

        self::assertNotSame($suspend['eventId'], $nextMonth['eventId']);
        self::assertGreaterThan($suspend['occurredAt'], $nextMonth['occurredAt']);
    }

    public function testAnotherActionInBetweenMakesTheOldOneANewDecision(): void
    {
        $suspend = $this->pending()->eventFor(1, EmaEventBuilder::SUSPEND);
        $this->pending()->failed(1, EmaEventBuilder::SUSPEND, $suspend, 'gateway down');
        $unsuspend = $this->pending()->eventFor(1, EmaEventBuilder::UNSUSPEND);
        $this->pending()->accepted(1, EmaEventBuilder::UNSUSPEND, $unsuspend, 'partition 0, offset 2');

        $suspendAgain = $this->pending()->eventFor(1, EmaEventBuilder::SUSPEND);

        self::assertNotSame($suspend['eventId'], $suspendAgain['eventId']);
        self::assertGreaterThan(
            $unsuspend['occurredAt'],
            $suspendAgain['occurredAt'],
            'must not be older than the unsuspend'
        );
    }

    public function testServicesDoNotShareEvents(): void
    {
        $one = $this->pending()->eventFor(1, EmaEventBuilder::CREATE);

        $two = $this->pending()->eventFor(2, EmaEventBuilder::CREATE);

        self::assertNotSame($one['eventId'], $two['eventId']);
    }

    public function testTheStateRecordsTheLastEventAndCountsAttempts(): void
    {
        $create = $this->pending()->eventFor(1, EmaEventBuilder::CREATE);
        $this->pending()->failed(1, EmaEventBuilder::CREATE, $create, 'HTTP 503');
        $this->pending()->failed(
            1,
            EmaEventBuilder::CREATE,
            $this->pending()->eventFor(1, EmaEventBuilder::CREATE),
            'HTTP 503'
        );

        $state = $this->pending()->state(1);

        self::assertSame(
            [EmaEventBuilder::CREATE, $create['eventId'], 'failed', 'HTTP 503', 2, $create['eventId']],
            [
                $state->lastType,
                $state->lastEventId,
                $state->lastOutcome,
                $state->lastDetail,
                $state->attempts,
                $state->pendingEventId,
            ]
        );
    }

    public function testTheTableIsCreatedOnFirstUseWithItsDocumentedColumns(): void
    {
        $pdo = \WHMCS\Database\Capsule::pdo();
        $this->pending()->eventFor(1, EmaEventBuilder::CREATE);

        $columns = array_column(
            $pdo->query('PRAGMA table_info(' . EmaPdoEventStore::TABLE . ')')->fetchAll(PDO::FETCH_ASSOC),
            'name'
        );

        self::assertSame(
            ['service_id', 'pending_type', 'pending_event_id', 'pending_occurred_at', 'last_type', 'last_event_id',
                'last_occurred_at', 'last_attempt_at', 'last_outcome', 'last_detail', 'attempts'],
            $columns
        );
        self::assertStringEndsWith('ENGINE=InnoDB DEFAULT CHARSET=utf8mb4', EmaPdoEventStore::createTableSql('mysql'));
    }
}
