<?php

/**
 * The outbox against a real database (SQLite through PDO, as WHMCS's Capsule hands the module
 * its connection) and a gateway run by PHP's built-in server: actions succeed while the gateway
 * is down, the cron hook registered by hooks.php delivers them in order once it is back, and a
 * refusal for good is kept for the admin.
 */
final class OutboxTest extends ModuleTestCase
{
    private const SERVER_ID = 2;

    private ?FakeGateway $gateway = null;

    protected function tearDown(): void
    {
        $this->gateway?->stop();
        parent::tearDown();
    }

    public function testActionsSucceedWhileTheGatewayIsDownAndTheCronDeliversThemInOrderWhenItIsBack(): void
    {
        $url = FakeGateway::closedPortUrl();
        $this->serverRecord($url, self::GATEWAY_SECRET);
        $params = fn (string $serviceId) => self::params(['serviceid' => $serviceId, 'serverusername' => $url]);

        $results = [
            easymailarchive_CreateAccount($params('1042')),
            easymailarchive_SuspendAccount($params('1042')),
            easymailarchive_CreateAccount($params('2001')),
            easymailarchive_UnsuspendAccount($params('1042')),
        ];
        $queued = self::outbox()->all();
        $queuedBy = time();

        self::assertSame(['success', 'success', 'success', 'success'], $results);
        self::assertSame(
            [
                [1042, 'service.create'],
                [1042, 'service.suspend'],
                [2001, 'service.create'],
                [1042, 'service.unsuspend'],
            ],
            array_map(static fn (EmaOutboxRow $r) => [$r->serviceId, $r->event['type']], $queued)
        );
        self::assertCount(4, array_unique(array_map(static fn (EmaOutboxRow $r) => $r->event['eventId'], $queued)));
        self::assertStringStartsWith('Event gateway unreachable at ' . $url, $queued[0]->lastError);
        self::assertStringStartsWith(
            'queued behind earlier events',
            $queued[1]->lastError,
            'no gateway call for a held service'
        );
        self::assertTrue(easymailarchive_ClientArea($params('1042'))['templateVariables']['emaPendingDelivery']);
        $admin = easymailarchive_AdminServicesTabFields($params('1042'));
        self::assertStringContainsString('3 event(s) in the outbox', $admin['Pending delivery']);
        self::assertStringStartsWith('queued at ', $admin['Last event outcome']);

        WhmcsHooks::run('AfterCronJob');

        self::assertSame(4, count(self::outbox()->all()), 'still down: nothing is deleted');
        self::assertSame(
            [1, 0, 0, 0],
            array_map(static fn (EmaOutboxRow $r) => $r->attempts, self::outbox()->all()),
            'the first failure stops the run for that gateway'
        );

        $this->gateway = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY, (int) parse_url($url, PHP_URL_PORT));
        WhmcsHooks::run('AfterCronJob');

        self::assertSame(
            array_map(static fn (EmaOutboxRow $r) => $r->event, $queued),
            $this->gateway->events(),
            'the original events, ids and times, oldest first'
        );
        foreach ($this->gateway->requests(EmaGatewayClient::EVENTS_PATH) as $request) {
            self::assertGreaterThanOrEqual($queuedBy, (int) $request['headers']['x-ema-timestamp'], 'signed afresh');
        }
        self::assertSame([], self::outbox()->all());
        self::assertFalse(easymailarchive_ClientArea($params('1042'))['templateVariables']['emaPendingDelivery']);
        $admin = easymailarchive_AdminServicesTabFields($params('1042'));
        self::assertArrayNotHasKey('Pending delivery', $admin);
        self::assertStringContainsString('id ' . $queued[3]->event['eventId'], $admin['Last event sent']);
        self::assertMatchesRegularExpression(
            '/^accepted by the gateway at .*, from the outbox\)$/',
            $admin['Last event outcome']
        );
        self::assertNoSecretLogged();
    }

    public function testARowIsDeletedOnlyAfterA202AndTheRunStopsAtTheFirstFailure(): void
    {
        $this->gateway = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY);
        $this->serverRecord($this->gateway->url, self::GATEWAY_SECRET);
        $down = ['status' => 503, 'headers' => ['Retry-After' => '30'], 'body' => ['title' => 'Service Unavailable']];
        $this->gateway->script(EmaGatewayClient::EVENTS_PATH, $down);
        easymailarchive_SuspendAccount($this->serviceParams('1042'));
        easymailarchive_SuspendAccount($this->serviceParams('3003'));
        $this->gateway->script(EmaGatewayClient::EVENTS_PATH, $down);
        easymailarchive_TerminateAccount($this->serviceParams('4004'));
        self::assertSame(
            [1042, 4004],
            array_map(static fn (EmaOutboxRow $r) => $r->serviceId, self::outbox()->all()),
            'service 3003 had nothing queued: sent at once'
        );

        $this->gateway->script(
            EmaGatewayClient::EVENTS_PATH,
            ['status' => 202, 'body' => ['eventId' => 'x', 'partition' => 1, 'offset' => 7]],
            $down
        );
        WhmcsHooks::run('AfterCronJob');

        self::assertSame([4004], array_map(static fn (EmaOutboxRow $r) => $r->serviceId, self::outbox()->all()));
        self::assertSame(1, self::outbox()->all()[0]->attempts);
        self::assertStringStartsWith('Event gateway cannot reach Kafka right now', self::outbox()->all()[0]->lastError);

        WhmcsHooks::run('AfterCronJob');

        self::assertSame([], self::outbox()->all());
        self::assertSame(
            [
                'service.suspend',
                'service.suspend',
                'service.terminate',
                'service.suspend',
                'service.terminate',
                'service.terminate',
            ],
            array_column($this->gateway->events(), 'type')
        );
    }

    public function testAnEventRefusedForGoodIsMarkedFailedAndHoldsItsServiceUntilTheAdminRetries(): void
    {
        $this->gateway = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY);
        $this->serverRecord($this->gateway->url, 'a-secret-the-gateway-does-not-know');
        $this->queueWhileKafkaIsDown('easymailarchive_SuspendAccount', '1042');
        easymailarchive_TerminateAccount($this->serviceParams('1042'));
        $this->queueWhileKafkaIsDown('easymailarchive_CreateAccount', '5005');
        $sentBefore = count($this->gateway->events());

        WhmcsHooks::run('AfterCronJob');
        WhmcsHooks::run('AfterCronJob');

        $rows = self::outbox()->all();
        self::assertSame(
            [EmaOutbox::FAILED, EmaOutbox::QUEUED, EmaOutbox::FAILED],
            array_map(static fn (EmaOutboxRow $r) => $r->status, $rows)
        );
        self::assertSame(
            [1, 0, 1],
            array_map(static fn (EmaOutboxRow $r) => $r->attempts, $rows),
            'not retried forever'
        );
        self::assertStringStartsWith('Gateway rejected the signature', $rows[0]->lastError);
        self::assertSame(
            $sentBefore + 2,
            count($this->gateway->events()),
            'one attempt per failed row, none for the held one'
        );
        self::assertCount(2, WhmcsHooks::$activity);
        self::assertStringContainsString('service ID: 1042', WhmcsHooks::$activity[0]);
        self::assertStringContainsString('Retry outbox delivery', WhmcsHooks::$activity[0]);
        self::assertNotEmpty(
            array_filter(ModuleLogRecorder::$calls, static fn (array $c) => ($c['data']['outcome'] ?? '') === 'refused')
        );
        $admin = easymailarchive_AdminServicesTabFields($this->serviceParams('1042'));
        self::assertStringContainsString(
            'FAILED, refused by the gateway: Gateway rejected the signature',
            $admin['Pending delivery']
        );
        self::assertStringContainsString('Retry outbox delivery', $admin['Outbox action needed']);
        self::assertStringStartsWith('failed at ', $admin['Last event outcome']);

        $this->serverRecord($this->gateway->url, self::GATEWAY_SECRET);
        self::assertSame('success', easymailarchive_RetryOutbox($this->serviceParams('1042')));
        self::assertSame(
            'No failed outbox events for this service',
            easymailarchive_RetryOutbox($this->serviceParams('1042'))
        );
        WhmcsHooks::run('AfterCronJob');

        self::assertSame(
            [5005],
            array_map(static fn (EmaOutboxRow $r) => $r->serviceId, self::outbox()->all()),
            'only the service the admin retried'
        );
        $delivered = array_slice($this->gateway->events(), -2);
        self::assertSame(
            [$rows[0]->event, $rows[1]->event],
            $delivered,
            'the failed event first, then the one held behind it'
        );
        self::assertNoSecretLogged();
    }

    public function testDiscardingAFailedEventReleasesTheOnesBehindIt(): void
    {
        $this->gateway = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY);
        $this->serverRecord($this->gateway->url, self::GATEWAY_SECRET);
        $this->queueWhileKafkaIsDown('easymailarchive_SuspendAccount', '1042');
        easymailarchive_UnsuspendAccount($this->serviceParams('1042'));
        $this->gateway->script(
            EmaGatewayClient::EVENTS_PATH,
            ['status' => 413, 'body' => ['title' => 'Payload Too Large']]
        );
        WhmcsHooks::run('AfterCronJob');
        [$failed, $held] = self::outbox()->all();
        self::assertTrue($failed->failed());
        self::assertStringStartsWith('Event too large for the gateway (HTTP 413)', $failed->lastError);

        self::assertSame('success', easymailarchive_DiscardOutbox($this->serviceParams('1042')));
        WhmcsHooks::run('AfterCronJob');

        self::assertSame([], self::outbox()->all());
        self::assertSame($held->event, array_slice($this->gateway->events(), -1)[0]);
    }

    public function testWithTheOutboxOffTheErrorGoesToTheModuleQueueAsBefore(): void
    {
        $url = FakeGateway::closedPortUrl();

        $result = easymailarchive_SuspendAccount(
            self::params(['serverusername' => $url, 'configoption4' => 'Module Queue'])
        );

        self::assertStringStartsWith('Event gateway unreachable at ' . $url, $result);
        self::assertStringEndsWith('the action stays in the Module Queue — retry when the gateway is up', $result);
        self::assertSame([], self::outbox()->all());
        self::assertTrue(
            (new EmaPendingEvents(EmaPdoEventStore::fromCapsule()))->state(1042)->hasPending(),
            'a Module Queue retry re-sends the same event'
        );
    }

    public function testAnActionForAServiceWithAQueuedEventGoesBehindItNeverAhead(): void
    {
        $this->gateway = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY);
        $this->serverRecord($this->gateway->url, self::GATEWAY_SECRET);
        $this->queueWhileKafkaIsDown('easymailarchive_SuspendAccount', '1042');
        $requestsBefore = count($this->gateway->requests(EmaGatewayClient::EVENTS_PATH));

        $second = easymailarchive_UnsuspendAccount($this->serviceParams('1042'));
        $moduleQueueProduct = easymailarchive_TerminateAccount(
            $this->serviceParams('1042', ['configoption4' => 'Module Queue'])
        );
        $otherService = easymailarchive_SuspendAccount($this->serviceParams('6006'));

        self::assertSame(['success', 'success', 'success'], [$second, $moduleQueueProduct, $otherService]);
        self::assertSame(
            ['service.suspend', 'service.unsuspend', 'service.terminate'],
            array_map(static fn (EmaOutboxRow $r) => $r->event['type'], self::outbox()->ofService(1042))
        );
        self::assertSame(
            $requestsBefore + 1,
            count($this->gateway->requests(EmaGatewayClient::EVENTS_PATH)),
            'only the other service went straight to the gateway'
        );
        $occurred = array_map(static fn (EmaOutboxRow $r) => $r->event['occurredAt'], self::outbox()->ofService(1042));
        self::assertSame($occurred, array_values(array_unique($occurred)));

        WhmcsHooks::run('AfterCronJob');

        self::assertSame(
            ['service.suspend', 'service.unsuspend', 'service.terminate'],
            array_column(array_slice($this->gateway->events(), -3), 'type')
        );
    }

    public function testAnEventThatCannotBeStoredFailsTheActionInsteadOfBeingLost(): void
    {
        // A table of that name that cannot take the row.
        \WHMCS\Database\Capsule::pdo()->exec(
            'CREATE TABLE ' . EmaOutbox::TABLE . ' (id INTEGER PRIMARY KEY, service_id INTEGER)'
        );
        $url = FakeGateway::closedPortUrl();

        $result = easymailarchive_CreateAccount(self::params(['serverusername' => $url]));

        self::assertStringStartsWith('The gateway could not take the event (Event gateway unreachable', $result);
        self::assertStringEndsWith('the action stays in the Module Queue — retry', $result);
        self::assertTrue((new EmaPendingEvents(EmaPdoEventStore::fromCapsule()))->state(1042)->hasPending());
    }

    public function testARowWhoseServerRecordIsGoneWaitsWithTheReason(): void
    {
        $url = FakeGateway::closedPortUrl();
        $this->serverRecord($url, self::GATEWAY_SECRET);
        easymailarchive_CreateAccount(self::params(['serverusername' => $url, 'serverid' => '99']));

        WhmcsHooks::run('AfterCronJob');

        $row = self::outbox()->all()[0];
        self::assertSame(EmaOutbox::QUEUED, $row->status);
        self::assertSame('Server record 99 no longer exists: the outbox cannot reach its gateway', $row->lastError);
    }

    public function testOverlappingCronRunsSendEachRowOnce(): void
    {
        $this->gateway = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY);
        $this->serverRecord($this->gateway->url, self::GATEWAY_SECRET);
        $this->queueWhileKafkaIsDown('easymailarchive_SuspendAccount', '1042');
        easymailarchive_UnsuspendAccount($this->serviceParams('1042'));
        $this->queueWhileKafkaIsDown('easymailarchive_CreateAccount', '5005');
        $queued = array_map(static fn (EmaOutboxRow $r) => $r->event['eventId'], self::outbox()->all());
        $sentBefore = count($this->gateway->events());
        $secondRun = null;
        // The first run is at work (it holds the outbox, and is about to send) when WHMCS's next cron
        // run starts and runs the hook.
        $first = $this->drainer(function (int $serverId) use (&$secondRun): EmaGatewayClient {
            $secondRun = self::outbox()->all();
            WhmcsHooks::run('AfterCronJob');
            return $this->gatewayClient();
        });

        $result = $first->drain();

        self::assertCount(3, $secondRun, 'the second run started while every row was still queued');
        self::assertSame(3, $result['sent']);
        self::assertSame(
            $queued,
            array_column(array_slice($this->gateway->events(), $sentBefore), 'eventId'),
            'each row sent once, in order'
        );
        self::assertSame([], self::outbox()->all());
    }

    public function testARunFindingTheOutboxBusySendsNothingAndTheNextRunDelivers(): void
    {
        $this->gateway = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY);
        $this->serverRecord($this->gateway->url, self::GATEWAY_SECRET);
        $this->queueWhileKafkaIsDown('easymailarchive_SuspendAccount', '1042');
        $sentBefore = count($this->gateway->events());
        $otherRun = new EmaOutboxLock(\WHMCS\Database\Capsule::pdo());
        self::assertTrue($otherRun->acquire());

        $busy = $this->drainer()->drain();

        self::assertSame(['sent' => 0, 'failed' => 0, 'waiting' => 1, 'busy' => true], $busy);
        self::assertSame($sentBefore, count($this->gateway->events()));
        self::assertSame(0, self::outbox()->all()[0]->attempts, 'not even tried');

        $otherRun->release();
        WhmcsHooks::run('AfterCronJob');

        self::assertSame([], self::outbox()->all());
        self::assertSame($sentBefore + 1, count($this->gateway->events()));
    }

    public function testTheLockOfACrashedRunExpires(): void
    {
        $this->gateway = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY);
        $this->serverRecord($this->gateway->url, self::GATEWAY_SECRET);
        $this->queueWhileKafkaIsDown('easymailarchive_SuspendAccount', '1042');
        $sentBefore = count($this->gateway->events());
        $now = time();
        // a run that took the lock and died without giving it back, its last renewal a lease ago
        $crashedClock = $now - EmaOutboxLock::LEASE_SECONDS - 1;
        $crashed = new EmaOutboxLock(
            \WHMCS\Database\Capsule::pdo(),
            EmaOutboxLock::LEASE_SECONDS,
            function () use (&$crashedClock): int {
                return $crashedClock;
            }
        );
        self::assertTrue($crashed->acquire());
        $clock = $now - 60;
        $lock = new EmaOutboxLock(
            \WHMCS\Database\Capsule::pdo(),
            EmaOutboxLock::LEASE_SECONDS,
            function () use (&$clock): int {
                return $clock;
            }
        );

        self::assertFalse($lock->acquire(), 'a minute before the lease ends: still held');
        self::assertSame(
            ['sent' => 0, 'failed' => 0, 'waiting' => 1, 'busy' => true],
            $this->drainer(null, $lock)->drain()
        );

        $clock = $now;
        $result = $this->drainer(null, $lock)->drain();

        self::assertSame(1, $result['sent']);
        self::assertSame([], self::outbox()->all());
        self::assertSame($sentBefore + 1, count($this->gateway->events()));
        $crashedClock = $now;
        self::assertFalse($crashed->renew(), 'the crashed run, were it to wake up, no longer holds it');
        self::assertTrue((new EmaOutboxLock(\WHMCS\Database\Capsule::pdo()))->acquire(), 'released after the run');
    }

    public function testARunSendsAtMostTheBoundAndLeavesTheRestToTheNextRun(): void
    {
        $this->gateway = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY);
        $this->serverRecord($this->gateway->url, self::GATEWAY_SECRET);
        foreach (['1001', '1002', '1003', '1004', '1005'] as $serviceId) {
            $this->queueWhileKafkaIsDown('easymailarchive_SuspendAccount', $serviceId);
        }
        $queued = array_map(static fn (EmaOutboxRow $r) => $r->serviceId, self::outbox()->all());

        $runs = [];
        for ($i = 0; $i < 3; $i++) {
            $runs[] = $this->drainer(null, null, 2)->drain();
        }

        self::assertSame([2, 2, 1], array_column($runs, 'sent'));
        self::assertSame([3, 1, 0], array_column($runs, 'waiting'));
        self::assertSame(
            $queued,
            array_column(array_slice($this->gateway->events(), -5), 'serviceId'),
            'oldest first, across runs'
        );
        self::assertSame(500, EmaOutboxDrainer::MAX_ROWS_PER_RUN);
    }

    public function testHeldRowsDoNotUseUpTheBound(): void
    {
        $this->gateway = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY);
        $this->serverRecord($this->gateway->url, 'a-secret-the-gateway-does-not-know');
        $this->queueWhileKafkaIsDown('easymailarchive_SuspendAccount', '1042');
        easymailarchive_UnsuspendAccount($this->serviceParams('1042'));
        WhmcsHooks::run('AfterCronJob');
        $this->serverRecord($this->gateway->url, self::GATEWAY_SECRET);
        $this->queueWhileKafkaIsDown('easymailarchive_CreateAccount', '5005');

        $result = $this->drainer(null, null, 1)->drain();

        self::assertSame(1, $result['sent'], 'the failed row and the one behind it are passed over');
        self::assertSame([1042], array_values(array_unique(
            array_map(static fn (EmaOutboxRow $r) => $r->serviceId, self::outbox()->all())
        )));
    }

    /**
     * A drainer as the cron hook builds it, with the server's gateway client (or what $gatewayFor
     * returns), a lock and a bound of its own if given.
     */
    private function drainer(
        ?callable $gatewayFor = null,
        ?EmaOutboxLock $lock = null,
        ?int $maxRows = null
    ): EmaOutboxDrainer {
        return new EmaOutboxDrainer(
            self::outbox(),
            new EmaPendingEvents(EmaPdoEventStore::fromCapsule()),
            $gatewayFor ?? fn (int $serverId): EmaGatewayClient => $this->gatewayClient(),
            new EmaModuleLog(),
            null,
            $lock ?? new EmaOutboxLock(\WHMCS\Database\Capsule::pdo()),
            $maxRows ?? EmaOutboxDrainer::MAX_ROWS_PER_RUN
        );
    }

    private function gatewayClient(): EmaGatewayClient
    {
        return new EmaGatewayClient(
            $this->gateway->url,
            self::GATEWAY_SECRET,
            new EmaHttpClient(5, 10),
            new EmaModuleLog(),
            2
        );
    }

    /** The action while the gateway answers 503 with a long Retry-After: one attempt, then the outbox. */
    private function queueWhileKafkaIsDown(string $function, string $serviceId): void
    {
        $this->gateway->script(EmaGatewayClient::EVENTS_PATH, [
            'status' => 503, 'headers' => ['Retry-After' => '60'], 'body' => ['title' => 'Service Unavailable'],
        ]);
        self::assertSame('success', $function($this->serviceParams($serviceId)));
        self::assertTrue(self::outbox()->holds((int) $serviceId));
    }

    private function serviceParams(string $serviceId, array $overrides = []): array
    {
        return self::params(array_replace([
            'serviceid' => $serviceId,
            'serverusername' => $this->gateway->url,
        ], $overrides));
    }

    /** WHMCS's server record, from which the cron hook takes the gateway URL and secret. */
    private function serverRecord(string $gatewayUrl, string $secret): void
    {
        $pdo = \WHMCS\Database\Capsule::pdo();
        $pdo->exec('CREATE TABLE IF NOT EXISTS tblservers (id INTEGER PRIMARY KEY, name TEXT, type TEXT, '
            . 'hostname TEXT, username TEXT, password TEXT, accesshash TEXT)');
        $pdo->prepare(
            'REPLACE INTO tblservers (id, name, type, hostname, username, password, accesshash)'
                . ' VALUES (?, ?, ?, ?, ?, ?, ?)'
        )
            ->execute([self::SERVER_ID, 'Easy Mail Archive', 'easymailarchive', 'api.easymailarchive.com', $gatewayUrl,
                'encrypted-by-whmcs', $secret]);
    }

    private static function outbox(): EmaOutbox
    {
        return EmaOutbox::fromCapsule();
    }
}
