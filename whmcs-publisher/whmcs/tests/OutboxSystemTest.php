<?php

/**
 * The outbox in the whole system: driven by the Java system tests (OutboxConvergenceTests) in two
 * runs against one WHMCS database file, around a stop and a restart of the real gateway.
 *
 *   EMA_SYSTEM_PHASE=fill   the gateway is down: every action succeeds and lands in the outbox;
 *                           the final status each service must reach is written to EMA_SYSTEM_EXPECTED_FILE
 *   EMA_SYSTEM_PHASE=drain  the gateway is back: WHMCS's cron runs until the outbox is empty
 *
 * Also needs EMA_GATEWAY_URL, EMA_GATEWAY_SECRET, EMA_WHMCS_SQLITE (the database file) and
 * EMA_SYSTEM_FIRST_SERVICE_ID; EMA_SYSTEM_SERVICES says how many services (default 24).
 *
 * @group system
 */
final class OutboxSystemTest extends ModuleTestCase
{
    private const SERVER_ID = 2;

    /** Each service's history; the last action decides the status its tenant must end in. */
    private const HISTORIES = [
        [['easymailarchive_CreateAccount'], 'active'],
        [['easymailarchive_CreateAccount', 'easymailarchive_SuspendAccount'], 'suspended'],
        [
            ['easymailarchive_CreateAccount', 'easymailarchive_SuspendAccount', 'easymailarchive_UnsuspendAccount'],
            'active',
        ],
        [['easymailarchive_CreateAccount', 'easymailarchive_TerminateAccount'], 'suspended'],
        [['easymailarchive_CreateAccount', 'easymailarchive_SuspendAccount', 'easymailarchive_UnsuspendAccount',
            'easymailarchive_SuspendAccount'], 'suspended'],
        [['easymailarchive_CreateAccount', 'easymailarchive_UnsuspendAccount'], 'active'],
    ];

    private string $url;

    protected function setUp(): void
    {
        parent::setUp();
        $required = [
            'EMA_SYSTEM_PHASE',
            'EMA_GATEWAY_URL',
            'EMA_GATEWAY_SECRET',
            'EMA_WHMCS_SQLITE',
            'EMA_SYSTEM_FIRST_SERVICE_ID',
        ];
        foreach ($required as $name) {
            if ((string) getenv($name) === '') {
                self::markTestSkipped($name . ' is not set: this test is run by the system tests');
            }
        }
        $this->url = (string) getenv('EMA_GATEWAY_URL');
    }

    public function testFillWhileTheGatewayIsDown(): void
    {
        if (getenv('EMA_SYSTEM_PHASE') !== 'fill') {
            self::markTestSkipped('not the fill phase');
        }
        $this->serverRecord();
        $expected = [];
        $actions = 0;
        foreach ($this->serviceIds() as $index => $serviceId) {
            [$functions, $final] = self::HISTORIES[$index % count(self::HISTORIES)];
            foreach ($functions as $function) {
                self::assertSame(
                    'success',
                    $function($this->serviceParams($serviceId)),
                    $function . ' of ' . $serviceId
                );
                $actions++;
            }
            $expected[$serviceId] = $final;
        }

        $queued = EmaOutbox::fromCapsule()->all();
        self::assertCount($actions, $queued, 'every action kept in the outbox');
        self::assertStringStartsWith('Event gateway unreachable at ' . $this->url, $queued[0]->lastError);
        $file = (string) getenv('EMA_SYSTEM_EXPECTED_FILE');
        if ($file !== '') {
            file_put_contents($file, json_encode($expected));
        }
    }

    public function testDrainOnceTheGatewayIsBack(): void
    {
        if (getenv('EMA_SYSTEM_PHASE') !== 'drain') {
            self::markTestSkipped('not the drain phase');
        }
        $before = EmaOutbox::fromCapsule()->all();
        self::assertNotEmpty($before, 'the fill phase left events in the outbox');

        // a cron run stops at the first failure; a few runs at most, as WHMCS would run them minutes apart
        for ($run = 0; $run < 5 && EmaOutbox::fromCapsule()->all() !== []; $run++) {
            WhmcsHooks::run('AfterCronJob');
        }

        self::assertSame([], EmaOutbox::fromCapsule()->all(), 'every row accepted with a 202, then deleted');
        $events = new EmaPendingEvents(EmaPdoEventStore::fromCapsule());
        foreach ($this->serviceIds() as $serviceId) {
            $last = array_values(
                array_filter($before, static fn (EmaOutboxRow $row) => $row->serviceId === $serviceId)
            );
            $state = $events->state($serviceId);
            self::assertSame(
                [end($last)->event['eventId'], 'accepted'],
                [$state->lastEventId, $state->lastOutcome],
                'service ' . $serviceId . ': its newest event delivered last'
            );
        }
    }

    /** @return list<int> */
    private function serviceIds(): array
    {
        $first = (int) getenv('EMA_SYSTEM_FIRST_SERVICE_ID');
        $count = (int) (getenv('EMA_SYSTEM_SERVICES') ?: 24);
        return range($first, $first + $count - 1);
    }

    private function serviceParams(int $serviceId): array
    {
        return self::params([
            'serviceid' => (string) $serviceId,
            'domain' => 'outbox' . $serviceId . '.example',
            'customfields' => ['Requested slug' => 'outbox-' . $serviceId, 'Archive slug' => '', 'Archive URL' => ''],
            'serverusername' => $this->url,
            'serveraccesshash' => (string) getenv('EMA_GATEWAY_SECRET'),
        ]);
    }

    /** WHMCS's server record, from which the cron hook takes the gateway URL and secret. */
    private function serverRecord(): void
    {
        $pdo = \WHMCS\Database\Capsule::pdo();
        $pdo->exec('CREATE TABLE IF NOT EXISTS tblservers (id INTEGER PRIMARY KEY, username TEXT, accesshash TEXT)');
        $pdo->prepare('REPLACE INTO tblservers (id, username, accesshash) VALUES (?, ?, ?)')
            ->execute([self::SERVER_ID, $this->url, (string) getenv('EMA_GATEWAY_SECRET')]);
    }
}
