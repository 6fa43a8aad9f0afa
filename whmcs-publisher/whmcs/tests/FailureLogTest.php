<?php

/**
 * The cron hook writes the provisioning worker's failures into the Module Log, each once: against a stand-in for
 * the worker's signed GET /api/failures (the fake gateway with scripted answers) and the server records in tblservers.
 */
final class FailureLogTest extends ModuleTestCase
{
    private const ARCHIVE_ANSWER = 'Archive create failed with HTTP 422: The plan "platinum" does not exist.';

    private FakeGateway $worker;

    protected function setUp(): void
    {
        parent::setUp();
        $this->worker = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY);
        $pdo = \WHMCS\Database\Capsule::pdo();
        $pdo->exec('CREATE TABLE tblservers (id INTEGER PRIMARY KEY, name TEXT, type TEXT, username TEXT,'
            . ' accesshash TEXT)');
        $insert = $pdo->prepare('INSERT INTO tblservers (id, name, type, username, accesshash) VALUES (?, ?, ?, ?, ?)');
        // the worker's URL third in the Username field, after the gateway and usage service
        $insert->execute([2, 'Archive EU', 'easymailarchive',
            'https://gateway.example.com https://usage.example.com ' . $this->worker->url, self::GATEWAY_SECRET]);
        // a second record of the same installation: the worker is read once
        $insert->execute([3, 'Archive EU 2', 'easymailarchive',
            'https://gateway.example.com https://usage.example.com ' . $this->worker->url, self::GATEWAY_SECRET]);
        $insert->execute([4, 'cPanel', 'cpanel', 'root', 'whm-hash']);
    }

    protected function tearDown(): void
    {
        $this->worker->stop();
        parent::tearDown();
    }

    private static function failure(string $cursor, int $serviceId): array
    {
        return [
            'cursor' => $cursor,
            'serviceId' => $serviceId,
            'eventId' => '2c6c8cd2-62d1-4d32-bbff-e5946ce15821',
            'type' => 'service.create',
            'event' => ['eventId' => '2c6c8cd2-62d1-4d32-bbff-e5946ce15821', 'type' => 'service.create',
                'serviceId' => $serviceId, 'options' => ['plan' => 'platinum']],
            'reason' => 'archive_rejected',
            'error' => self::ARCHIVE_ANSWER,
            'attempts' => 1,
            'failedAt' => '2026-12-04T10:00:03.264785Z',
        ];
    }

    private function answerFailures(array ...$failures): void
    {
        $this->worker->script(EmaFailureLog::FAILURES_PATH, ['status' => 200, 'body' => [
            'failures' => $failures, 'next' => $failures === [] ? '0.0' : end($failures)['cursor'],
        ]]);
    }

    /** @return list<array> the Module Log entries of dead letters */
    private static function deadLetterEntries(): array
    {
        return array_values(array_filter(
            ModuleLogRecorder::$calls,
            static fn (array $c) => str_starts_with($c['action'], 'Dead letter')
        ));
    }

    public function testADeadLetterAppearsOnceInTheModuleLogWithTheArchivesAnswer(): void
    {
        $this->answerFailures(self::failure('900.12', 1042));

        WhmcsHooks::run('AfterCronJob');

        $entries = self::deadLetterEntries();
        self::assertCount(1, $entries);
        self::assertSame(EmaModuleLog::MODULE, $entries[0]['module']);
        self::assertSame('Dead letter service.create', $entries[0]['action']);
        self::assertStringContainsString('"plan": "platinum"', $entries[0]['request']);
        self::assertStringContainsString('"serviceId": 1042', $entries[0]['request']);
        self::assertSame(self::ARCHIVE_ANSWER, $entries[0]['response']);
        self::assertStringContainsString('service #1042: archive_rejected', $entries[0]['data']);
        self::assertContains(self::GATEWAY_SECRET, $entries[0]['mask']);
        self::assertNoSecretLogged();

        // the worker answers the same failure again (as after a restore): it is not written twice
        $this->answerFailures(self::failure('900.12', 1042));
        WhmcsHooks::run('AfterCronJob');
        WhmcsHooks::run('AfterCronJob');
        self::assertCount(1, self::deadLetterEntries());

        $requests = $this->worker->requests(EmaFailureLog::FAILURES_PATH);
        self::assertCount(3, $requests, 'one request per cron run: both server records name the same worker');
        self::assertSame('limit=100', $requests[0]['query']);
        self::assertSame('after=900.12&limit=100', $requests[1]['query']);
        self::assertSame('after=900.12&limit=100', $requests[2]['query']);
        $target = EmaFailureLog::FAILURES_PATH . '?' . $requests[1]['query'];
        self::assertSame(
            EmaGatewayClient::sign(self::GATEWAY_SECRET, (int) $requests[1]['headers']['x-ema-timestamp'], $target),
            $requests[1]['headers']['x-ema-signature']
        );
    }

    public function testLaterFailuresAreWrittenInOrderAfterTheCursor(): void
    {
        $this->answerFailures(self::failure('900.12', 1042));
        WhmcsHooks::run('AfterCronJob');
        $this->answerFailures(
            self::failure('900.12', 1042),
            self::failure('901.13', 1043),
            self::failure('901.14', 1044)
        );
        WhmcsHooks::run('AfterCronJob');

        $entries = self::deadLetterEntries();
        self::assertCount(3, $entries);
        self::assertStringContainsString('service #1043', $entries[1]['data']);
        self::assertStringContainsString('service #1044', $entries[2]['data']);
    }

    public function testAWorkerThatRefusesTheSignatureIsLoggedAndNothingElseHappens(): void
    {
        $this->worker->script(EmaFailureLog::FAILURES_PATH, ['status' => 401, 'body' => [
            'title' => 'Unauthorized', 'detail' => 'signature does not match',
        ]]);

        WhmcsHooks::run('AfterCronJob');

        self::assertSame([], self::deadLetterEntries());
        self::assertStringContainsString('rejected the signature', ModuleLogRecorder::loggedText());
        self::assertNoSecretLogged();
    }

    public function testCursorsCompareAsTransactionThenNumber(): void
    {
        self::assertSame(-1, EmaFailureLog::compare('', '1.1'));
        self::assertSame(-1, EmaFailureLog::compare('9.100', '10.1'));
        self::assertSame(1, EmaFailureLog::compare('10.2', '10.1'));
        self::assertSame(0, EmaFailureLog::compare('10.1', '10.1'));
        self::assertSame(-1, EmaFailureLog::compare('not a cursor', '0.0'));
    }
}
