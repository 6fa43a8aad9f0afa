<?php

/**
 * The account actions and Test Connection against a fake gateway (PHP's built-in server): what
 * the admin reads for each answer, retries with the same event, and a clean Module Log.
 */
final class GatewayDeliveryTest extends ModuleTestCase
{
    private FakeGateway $gateway;

    protected function setUp(): void
    {
        parent::setUp();
        $this->gateway = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY);
    }

    protected function tearDown(): void
    {
        $this->gateway->stop();
        parent::tearDown();
    }

    private function gatewayParams(array $overrides = []): array
    {
        return parent::params(array_replace([
            'serverusername' => $this->gateway->url,
            'serverhostname' => substr($this->gateway->url, strlen('http://')),
            'serversecure' => false,
        ], $overrides));
    }

    /** A product that keeps actions the gateway could not take in WHMCS's Module Queue (outbox off). */
    private function moduleQueueParams(array $overrides = []): array
    {
        return $this->gatewayParams(array_replace(['configoption4' => 'Module Queue'], $overrides));
    }

    public static function actions(): array
    {
        return [
            'create' => ['easymailarchive_CreateAccount', 'service.create'],
            'suspend' => ['easymailarchive_SuspendAccount', 'service.suspend'],
            'unsuspend' => ['easymailarchive_UnsuspendAccount', 'service.unsuspend'],
            'terminate' => ['easymailarchive_TerminateAccount', 'service.terminate'],
        ];
    }

    /** @dataProvider actions */
    public function testAnAcceptedEventIsSuccess(string $function, string $type): void
    {
        $result = $function($this->gatewayParams());

        self::assertSame('success', $result);
        $requests = $this->gateway->requests(EmaGatewayClient::EVENTS_PATH);
        self::assertCount(1, $requests);
        self::assertSame('application/json', $requests[0]['headers']['content-type']);
        self::assertSame(
            EmaGatewayClient::sign(
                self::GATEWAY_SECRET,
                (int) $requests[0]['headers']['x-ema-timestamp'],
                $requests[0]['body']
            ),
            $requests[0]['headers']['x-ema-signature']
        );
        self::assertSame($type, $this->gateway->events()[0]['type']);
        self::assertSame(1042, $this->gateway->events()[0]['serviceId']);
        self::assertNoSecretLogged();
    }

    public function testACustomerWithControlCharactersInTheNameIsStillProvisioned(): void
    {
        $details = self::params()['clientsdetails'];
        $details['companyname'] = "Null\0Byte GmbH\x1B";

        $result = easymailarchive_CreateAccount($this->gatewayParams(['clientsdetails' => $details]));

        self::assertSame('success', $result);
        $body = $this->gateway->requests(EmaGatewayClient::EVENTS_PATH)[0]['body'];
        self::assertStringContainsString('"companyName":"NullByte GmbH"', $body);
        self::assertDoesNotMatchRegularExpression('/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]|\\\\u00[01]/', $body);
    }

    public function testInvalidEventListsTheFields(): void
    {
        $this->gateway->script(EmaGatewayClient::EVENTS_PATH, ['status' => 400, 'body' => [
            'title' => 'Invalid event',
            'detail' => '2 problems',
            'errors' => [
                ['field' => 'domain', 'message' => 'size must be at most 253'],
                ['field' => 'options.slugPrefix', 'message' => 'size must be at most 64'],
            ],
        ]]);

        $result = easymailarchive_CreateAccount($this->gatewayParams());

        self::assertSame(
            'Event rejected as invalid by the gateway: domain: size must be at most 253; '
            . 'options.slugPrefix: size must be at most 64; '
            . 'fix the service or product data, then retry from the Module Queue',
            $result
        );
        self::assertCount(1, $this->gateway->requests(EmaGatewayClient::EVENTS_PATH), '400 is not retried');
    }

    public function testWrongSecretIsASignatureError(): void
    {
        $result = easymailarchive_SuspendAccount($this->gatewayParams(['serveraccesshash' => 'not-the-secret']));

        self::assertSame(
            'Gateway rejected the signature: check the shared secret (Access Hash) and the WHMCS server clock'
            . ' (gateway said: signature does not match (check the shared secret))',
            $result
        );
        self::assertCount(1, $this->gateway->requests(EmaGatewayClient::EVENTS_PATH), '401 is not retried');
    }

    public function testKafkaUnavailableWithALongRetryAfterFailsAtOnce(): void
    {
        $this->gateway->script(EmaGatewayClient::EVENTS_PATH, [
            'status' => 503,
            'headers' => ['Retry-After' => '30'],
            'body' => ['title' => 'Service Unavailable', 'detail' => 'Kafka unavailable'],
        ]);

        $result = easymailarchive_UnsuspendAccount($this->moduleQueueParams());

        self::assertSame(
            'Event gateway cannot reach Kafka right now (HTTP 503, retry after 30 s); '
            . 'the action stays in the Module Queue — retry in a few minutes',
            $result
        );
        self::assertCount(1, $this->gateway->requests(EmaGatewayClient::EVENTS_PATH));
    }

    public function testKafkaUnavailableOnEveryShortRetryFailsAfterThreeAttempts(): void
    {
        $unavailable = [
            'status' => 503,
            'headers' => ['Retry-After' => '0'],
            'body' => ['title' => 'Service Unavailable'],
        ];
        $this->gateway->script(EmaGatewayClient::EVENTS_PATH, $unavailable, $unavailable, $unavailable);

        $result = easymailarchive_SuspendAccount($this->moduleQueueParams());

        self::assertStringStartsWith('Event gateway cannot reach Kafka right now (HTTP 503, retry after 0 s)', $result);
        self::assertCount(3, $this->gateway->requests(EmaGatewayClient::EVENTS_PATH));
        self::assertCount(1, array_unique(array_column($this->gateway->events(), 'eventId')));
    }

    public function testABriefOutageIsRetriedWithinTheCallWithTheSameEvent(): void
    {
        $this->gateway->script(EmaGatewayClient::EVENTS_PATH, [
            'status' => 503, 'headers' => ['Retry-After' => '0'], 'body' => ['title' => 'Service Unavailable'],
        ]);

        $result = easymailarchive_CreateAccount($this->gatewayParams());

        self::assertSame('success', $result);
        [$first, $second] = $this->gateway->events();
        self::assertSame($first, $second, 'the retry must re-send the very same event');
        self::assertSame(
            ['retrying', 'accepted'],
            array_column(array_column(ModuleLogRecorder::$calls, 'data'), 'outcome')
        );
    }

    public function testUnreachableGatewayKeepsTheActionInTheModuleQueue(): void
    {
        $closed = FakeGateway::closedPortUrl();

        $result = easymailarchive_CreateAccount($this->moduleQueueParams(['serverusername' => $closed]));

        self::assertStringStartsWith('Event gateway unreachable at ' . $closed . '/api/whmcs/events: ', $result);
        self::assertStringEndsWith('; the action stays in the Module Queue — retry when the gateway is up', $result);
        self::assertSame(
            ['retrying', 'retrying', 'failed'],
            array_column(array_column(array_slice(ModuleLogRecorder::$calls, 0, 3), 'data'), 'outcome'),
            'three attempts'
        );
        self::assertSame($result, end(ModuleLogRecorder::$calls)['response'], 'then the failure');
        self::assertNoSecretLogged();
    }

    public function testOtherAnswersAreExplained(): void
    {
        $this->gateway->script(
            EmaGatewayClient::EVENTS_PATH,
            ['status' => 413, 'body' => ['title' => 'Payload Too Large']],
            ['status' => 415, 'body' => ['title' => 'Unsupported Media Type']],
            ['status' => 500, 'body' => ['title' => 'Internal Server Error', 'detail' => 'boom']]
        );

        self::assertStringStartsWith(
            'Event too large for the gateway (HTTP 413)',
            easymailarchive_CreateAccount($this->gatewayParams())
        );
        self::assertStringStartsWith(
            'Gateway refused the content type (HTTP 415)',
            easymailarchive_CreateAccount($this->gatewayParams())
        );
        self::assertStringStartsWith(
            'Unexpected answer from the event gateway at ' . $this->gateway->url
                . '/api/whmcs/events: HTTP 500 (gateway said: boom)',
            easymailarchive_CreateAccount($this->gatewayParams())
        );
    }

    public function testAModuleQueueRetryResendsTheSameEventAndTheNextActionGetsANewOne(): void
    {
        $this->gateway->script(EmaGatewayClient::EVENTS_PATH, [
            'status' => 503, 'headers' => ['Retry-After' => '60'], 'body' => ['title' => 'Service Unavailable'],
        ]);

        $failed = easymailarchive_SuspendAccount($this->moduleQueueParams());
        $retried = easymailarchive_SuspendAccount($this->moduleQueueParams());
        easymailarchive_UnsuspendAccount($this->moduleQueueParams());
        $nextSuspend = easymailarchive_SuspendAccount($this->moduleQueueParams());

        self::assertStringStartsWith('Event gateway cannot reach Kafka', $failed);
        self::assertSame(['success', 'success'], [$retried, $nextSuspend]);
        [$first, $retry, $unsuspend, $next] = $this->gateway->events();
        self::assertSame($first, $retry, 'the Module Queue retry re-sends the same event');
        self::assertSame('service.unsuspend', $unsuspend['type']);
        self::assertNotSame($first['eventId'], $next['eventId'], 'a later suspend is a new event');
        self::assertGreaterThan($unsuspend['occurredAt'], $next['occurredAt']);
    }

    public function testARetryAfterTheGatewayWasUnreachableResendsTheSameEvent(): void
    {
        $failed = easymailarchive_CreateAccount(
            $this->moduleQueueParams(['serverusername' => FakeGateway::closedPortUrl()])
        );
        $pending = (new EmaPendingEvents(EmaPdoEventStore::fromCapsule()))->state(1042);

        $retried = easymailarchive_CreateAccount($this->moduleQueueParams());

        self::assertStringStartsWith('Event gateway unreachable', $failed);
        self::assertSame('success', $retried);
        self::assertSame($pending->pendingEventId, $this->gateway->events()[0]['eventId']);
        self::assertSame($pending->pendingOccurredAt, $this->gateway->events()[0]['occurredAt']);
        self::assertFalse((new EmaPendingEvents(EmaPdoEventStore::fromCapsule()))->state(1042)->hasPending());
    }

    public function testTheAdminSeesTheLastEventAndItsOutcome(): void
    {
        easymailarchive_SuspendAccount($this->gatewayParams(['serveraccesshash' => 'wrong']));
        $afterFailure = easymailarchive_AdminServicesTabFields($this->gatewayParams());
        easymailarchive_SuspendAccount($this->gatewayParams());
        $afterSuccess = easymailarchive_AdminServicesTabFields($this->gatewayParams());

        $eventId = $this->gateway->events()[0]['eventId'];
        self::assertStringContainsString('service.suspend · id ' . $eventId, $afterFailure['Last event sent']);
        self::assertStringStartsWith('failed at ', $afterFailure['Last event outcome']);
        self::assertStringContainsString('Gateway rejected the signature', $afterFailure['Last event outcome']);
        self::assertStringContainsString(
            'a retry of this action re-sends this same event',
            $afterFailure['Event awaiting delivery']
        );
        self::assertStringContainsString('id ' . $eventId, $afterSuccess['Last event sent']);
        self::assertMatchesRegularExpression(
            '/^accepted by the gateway at .* \(partition 0, offset \d+\) — attempt 2$/',
            $afterSuccess['Last event outcome']
        );
        self::assertArrayNotHasKey('Event awaiting delivery', $afterSuccess);
    }

    public function testModuleLogNeverContainsTheSecretsAndListsThemForMasking(): void
    {
        easymailarchive_CreateAccount($this->gatewayParams());
        easymailarchive_SuspendAccount($this->gatewayParams(['serveraccesshash' => self::GATEWAY_SECRET . 'x']));
        easymailarchive_TestConnection($this->gatewayParams());
        easymailarchive_TerminateAccount($this->gatewayParams(['serverusername' => FakeGateway::closedPortUrl()]));

        self::assertNoSecretLogged();
        foreach (ModuleLogRecorder::$calls as $call) {
            self::assertSame('easymailarchive', $call['module']);
            self::assertNotEmpty(
                array_intersect([self::API_KEY, self::GATEWAY_SECRET, self::GATEWAY_SECRET . 'x'], $call['mask'])
            );
        }
    }

    public function testConnectionTestPassesWithAValidKeyAndSecret(): void
    {
        $result = easymailarchive_TestConnection($this->gatewayParams());

        self::assertSame(['success' => true, 'error' => ''], $result);
        $tenants = $this->gateway->requests(EmaArchiveClient::TENANTS_PATH)[0];
        self::assertSame('per_page=1', $tenants['query']);
        self::assertSame('Bearer ' . self::API_KEY, $tenants['headers']['authorization']);
        self::assertSame('application/json', $tenants['headers']['accept']);
        self::assertCount(1, $this->gateway->requests(EmaGatewayClient::PING_PATH));
        self::assertNoSecretLogged();
    }

    public function testConnectionTestReportsARejectedApiKey(): void
    {
        $result = easymailarchive_TestConnection($this->gatewayParams(['serverpassword' => 'revoked-key']));

        self::assertSame(
            ['success' => false, 'error' => "API key rejected by Easy Mail Archive: check the server's Password field"],
            $result
        );
    }

    public function testConnectionTestReportsAnUnreachableArchiveApi(): void
    {
        $closed = FakeGateway::closedPortUrl();
        $host = substr($closed, strlen('http://'));

        $result = easymailarchive_TestConnection($this->gatewayParams(['serverhostname' => $host]));

        self::assertFalse($result['success']);
        self::assertStringStartsWith('Cannot reach ' . $host . ': ', $result['error']);
    }

    public function testConnectionTestReportsARejectedSignature(): void
    {
        $result = easymailarchive_TestConnection($this->gatewayParams(['serveraccesshash' => 'stale-secret']));

        self::assertFalse($result['success']);
        self::assertStringStartsWith(
            'Gateway rejected the signature: check the shared secret (Access Hash) and the WHMCS server clock',
            $result['error']
        );
    }

    public function testConnectionTestReportsAnUnreachableGateway(): void
    {
        $closed = FakeGateway::closedPortUrl();

        $result = easymailarchive_TestConnection($this->gatewayParams(['serverusername' => $closed]));

        self::assertFalse($result['success']);
        self::assertStringStartsWith('Gateway unreachable at ' . $closed . ': ', $result['error']);
    }

    public function testConnectionTestReportsKafkaDown(): void
    {
        $this->gateway->script(
            EmaGatewayClient::PING_PATH,
            ['status' => 200, 'body' => ['status' => 'ok', 'kafka' => 'down']]
        );

        $result = easymailarchive_TestConnection($this->gatewayParams());

        self::assertFalse($result['success']);
        self::assertStringStartsWith(
            'Gateway reachable and signature accepted, but it reports Kafka down',
            $result['error']
        );
    }
}
