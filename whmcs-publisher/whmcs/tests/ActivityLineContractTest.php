<?php

/**
 * The lines the provisioning worker really writes to the Activity Log (tests/fixtures/worker-activity-lines.txt,
 * checked against the worker's own code by its ActivityLineContractTests): the admin tab must take every one of them
 * apart. Per reason, the fixture holds a failure without a ticket, the same with a ticket, and the recovery.
 */
final class ActivityLineContractTest extends ModuleTestCase
{
    public function testEveryLineTheWorkerWritesIsUnderstood(): void
    {
        $lines = file(__DIR__ . '/fixtures/worker-activity-lines.txt', FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES);
        self::assertNotFalse($lines);
        self::assertGreaterThanOrEqual(3, count($lines));
        self::assertSame(0, count($lines) % 3, 'a failure, the same with a ticket, and a recovery per reason');

        foreach (array_chunk($lines, 3) as [$failure, $withTicket, $recovery]) {
            self::assertMatchesRegularExpression('/\AEasy Mail Archive: service #(\d+) /', $failure);
            preg_match('/#(\d+) failed \(([a-z_]+)\)/', $failure, $m);
            [, $serviceId, $reason] = $m;
            self::assertStringStartsWith(EmaActivityLog::prefix((int) $serviceId), $failure);

            $plain = EmaServiceReport::parse('2026-11-27 03:00:00', $failure);
            self::assertSame(EmaServiceReport::FAILURE, $plain->kind, $failure);
            self::assertSame($reason, $plain->reasonCode);
            if ($reason === 'waiting_for_create') {
                // nothing was dead-lettered: what fixes it is the import of the service
                self::assertStringStartsWith(
                    'java -jar provisioning-worker.jar reconcile --fix',
                    $plain->replayCommand
                );
            } else {
                self::assertStringStartsWith(
                    'java -jar dlt.jar replay --service ' . $serviceId . ' ',
                    $plain->replayCommand
                );
                self::assertStringEndsWith('--topic ema.lifecycle.v1-dlt', $plain->replayCommand);
            }
            self::assertNull($plain->ticket);

            $ticketed = EmaServiceReport::parse('2026-11-27 03:00:00', $withTicket);
            self::assertSame(EmaServiceReport::FAILURE, $ticketed->kind, $withTicket);
            self::assertSame(
                [$reason, $plain->text, $plain->replayCommand, '482915'],
                [$ticketed->reasonCode, $ticketed->text, $ticketed->replayCommand, $ticketed->ticket]
            );

            $recovered = EmaServiceReport::parse('2026-11-27 03:10:00', $recovery);
            self::assertSame(EmaServiceReport::RECOVERY, $recovered->kind, $recovery);
            self::assertSame($reason, $recovered->reasonCode);
            self::assertStringStartsWith(EmaActivityLog::prefix((int) $serviceId), $recovery);
        }
    }
}
