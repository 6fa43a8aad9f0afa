<?php

/**
 * The module against a real, running event gateway. Excluded from the default run; run with
 *
 *   EMA_GATEWAY_URL=http://127.0.0.1:8080 EMA_GATEWAY_SECRET=... EMA_SENT_EVENTS_FILE=sent-events.jsonl \
 *     phpunit --group gateway
 *
 * Skipped when EMA_GATEWAY_URL or EMA_GATEWAY_SECRET is not set. Every event the gateway accepted
 * is appended to EMA_SENT_EVENTS_FILE (when set) as a JSON line {"serviceId","type","eventId"},
 * so that the caller can read the records back from Kafka and compare.
 *
 * @group gateway
 */
final class GatewayIntegrationTest extends ModuleTestCase
{
    private const SIGNATURE_ERROR =
        'Gateway rejected the signature: check the shared secret (Access Hash) and the WHMCS server clock';

    private string $url;
    private string $secret;

    protected function setUp(): void
    {
        parent::setUp();
        $url = (string) getenv('EMA_GATEWAY_URL');
        $secret = (string) getenv('EMA_GATEWAY_SECRET');
        if ($url === '' || $secret === '') {
            self::markTestSkipped('EMA_GATEWAY_URL and EMA_GATEWAY_SECRET are not set');
        }
        $this->url = $url;
        $this->secret = $secret;
    }

    public function testEveryLifecycleActionIsAccepted(): void
    {
        $serviceId = self::newServiceId();
        $actions = [
            'easymailarchive_CreateAccount' => EmaEventBuilder::CREATE,
            'easymailarchive_SuspendAccount' => EmaEventBuilder::SUSPEND,
            'easymailarchive_UnsuspendAccount' => EmaEventBuilder::UNSUSPEND,
            'easymailarchive_TerminateAccount' => EmaEventBuilder::TERMINATE,
        ];

        foreach ($actions as $function => $type) {
            self::assertSame('success', $function($this->gatewayParams($serviceId)), $function);
            $this->recordAccepted($serviceId, $type);
        }
    }

    public function testAWrongSecretIsReportedAsASignatureError(): void
    {
        $result = easymailarchive_CreateAccount(
            $this->gatewayParams(self::newServiceId(), ['serveraccesshash' => $this->secret . '-wrong'])
        );

        self::assertStringStartsWith(self::SIGNATURE_ERROR, $result);
        self::assertNoSecretLogged();
    }

    public function testARetryAfterARejectionSendsTheSameEvent(): void
    {
        $serviceId = self::newServiceId();
        $rejected = easymailarchive_CreateAccount(
            $this->gatewayParams($serviceId, ['serveraccesshash' => $this->secret . '-wrong'])
        );
        $pending = self::events()->state($serviceId);

        $retried = easymailarchive_CreateAccount($this->gatewayParams($serviceId));

        self::assertStringStartsWith(self::SIGNATURE_ERROR, $rejected);
        self::assertSame('success', $retried);
        self::assertSame($pending->pendingEventId, self::events()->state($serviceId)->lastEventId);
        $this->recordAccepted($serviceId, EmaEventBuilder::CREATE);
    }

    public function testTheOutboxKeepsActionsWhileTheGatewayIsUnreachableAndTheCronDeliversThem(): void
    {
        $serviceId = self::newServiceId();
        $closed = FakeGateway::closedPortUrl();
        $this->serverRecord($closed);
        $actions = [
            'easymailarchive_CreateAccount',
            'easymailarchive_SuspendAccount',
            'easymailarchive_UnsuspendAccount',
        ];
        foreach ($actions as $function) {
            self::assertSame(
                'success',
                $function($this->gatewayParams($serviceId, ['serverusername' => $closed])),
                $function
            );
        }
        $queued = EmaOutbox::fromCapsule()->all();
        self::assertCount(3, $queued);

        $this->serverRecord($this->url);
        WhmcsHooks::run('AfterCronJob');

        self::assertSame([], EmaOutbox::fromCapsule()->all(), 'every row accepted with a 202, then deleted');
        $state = self::events()->state($serviceId);
        self::assertSame([$queued[2]->event['eventId'], 'accepted'], [$state->lastEventId, $state->lastOutcome]);
        foreach ($queued as $row) {
            $this->recordSent($serviceId, $row->event['type'], $row->event['eventId']);
        }
    }

    public function testPingIsSignedAndKafkaIsUp(): void
    {
        $client = new EmaGatewayClient(
            rtrim($this->url, '/'),
            $this->secret,
            new EmaHttpClient(),
            new EmaModuleLog($this->secret)
        );

        self::assertSame(['status' => 'ok', 'kafka' => 'up'], $client->ping());
    }

    private function gatewayParams(int $serviceId, array $overrides = []): array
    {
        return self::params(array_replace([
            'serviceid' => (string) $serviceId,
            'serverusername' => $this->url,
            'serveraccesshash' => $this->secret,
        ], $overrides));
    }

    private function recordAccepted(int $serviceId, string $type): void
    {
        $state = self::events()->state($serviceId);
        self::assertSame(['accepted', $type], [$state->lastOutcome, $state->lastType]);
        $this->recordSent($serviceId, $type, $state->lastEventId);
    }

    private function recordSent(int $serviceId, string $type, string $eventId): void
    {
        $file = (string) getenv('EMA_SENT_EVENTS_FILE');
        if ($file !== '') {
            $line = json_encode(['serviceId' => $serviceId, 'type' => $type, 'eventId' => $eventId]);
            file_put_contents($file, $line . "\n", FILE_APPEND | LOCK_EX);
        }
    }

    /** WHMCS's server record, from which the cron hook takes the gateway URL and secret. */
    private function serverRecord(string $gatewayUrl): void
    {
        $pdo = \WHMCS\Database\Capsule::pdo();
        $pdo->exec('CREATE TABLE IF NOT EXISTS tblservers (id INTEGER PRIMARY KEY, username TEXT, accesshash TEXT)');
        $pdo->prepare('REPLACE INTO tblservers (id, username, accesshash) VALUES (?, ?, ?)')
            ->execute([2, $gatewayUrl, $this->secret]);
    }

    private static function events(): EmaPendingEvents
    {
        return new EmaPendingEvents(EmaPdoEventStore::fromCapsule());
    }

    /** Random, so that runs against the same Kafka topic never mix their services. */
    private static function newServiceId(): int
    {
        return random_int(100000000, 2000000000);
    }
}
