<?php

/**
 * UsageUpdate and the MetricProvider, against a stand-in for the usage-sync worker's signed usage
 * endpoint (the fake gateway with scripted answers) and an in-memory tblhosting.
 */
final class UsageTest extends ModuleTestCase
{
    private FakeGateway $usageService;

    protected function setUp(): void
    {
        parent::setUp();
        $this->usageService = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY);
        $pdo = \WHMCS\Database\Capsule::pdo();
        $pdo->exec('CREATE TABLE tblhosting (id INTEGER PRIMARY KEY, server INTEGER, username TEXT, domainstatus TEXT,'
            . " diskusage INTEGER DEFAULT 0, lastupdate TEXT DEFAULT '0000-00-00 00:00:00')");
        $insert = $pdo->prepare('INSERT INTO tblhosting (id, server, username, domainstatus) VALUES (?, ?, ?, ?)');
        $services = [
            [1042, 2, 'acme-corp', 'Active'],
            [1043, 2, 'beta', 'Suspended'],
            [1044, 2, 'gone', 'Terminated'],
            [1045, 9, 'other-server', 'Active'],
            [1046, 2, 'fresh', 'Active'],
        ];
        foreach ($services as $row) {
            $insert->execute($row);
        }
    }

    protected function tearDown(): void
    {
        $this->usageService->stop();
        parent::tearDown();
    }

    private function serverParams(): array
    {
        return self::params(['serverusername' => 'https://gateway.example.com ' . $this->usageService->url]);
    }

    private static function figures(int $serviceId, string $slug, int $users, int $bytes, int $licenses): array
    {
        return ['serviceId' => $serviceId, 'slug' => $slug, 'status' => 'active', 'activeUsers' => $users,
            'storageBytes' => $bytes, 'storageGb' => round($bytes / 1073741824, 3), 'messages' => 10,
            'licenses' => $licenses, 'collectedAt' => '2026-11-27T02:00:00.000000Z'];
    }

    private function answerUsage(array ...$services): void
    {
        $this->usageService->script(EmaUsageClient::USAGE_PATH, ['status' => 200, 'body' => [
            'services' => $services, 'withoutUsage' => [], 'lastCollection' => '2026-11-27T02:05:00Z',
        ]]);
    }

    public function testUsageUpdateWritesTheDiskUsageOfTheServersLiveServicesFromASignedRequest(): void
    {
        $this->answerUsage(
            self::figures(1042, 'acme-corp', 12, 5 * 1073741824 + 1, 12),
            self::figures(1043, 'beta', 1, 0, 1)
        );

        $result = easymailarchive_UsageUpdate($this->serverParams());

        self::assertSame('success', $result);
        $rows = \WHMCS\Database\Capsule::pdo()->query('SELECT id, diskusage, lastupdate FROM tblhosting ORDER BY id')
            ->fetchAll(PDO::FETCH_ASSOC);
        self::assertSame('5121', (string) $rows[0]['diskusage']);
        self::assertNotSame('0000-00-00 00:00:00', $rows[0]['lastupdate']);
        self::assertSame('0', (string) $rows[1]['diskusage']);
        self::assertNotSame('0000-00-00 00:00:00', $rows[1]['lastupdate']);
        // terminated, another server's, and one the worker has no figures for: untouched
        foreach ([2, 3, 4] as $i) {
            self::assertSame('0000-00-00 00:00:00', $rows[$i]['lastupdate']);
        }

        $requests = $this->usageService->requests(EmaUsageClient::USAGE_PATH);
        self::assertCount(1, $requests);
        self::assertSame('GET', $requests[0]['method']);
        self::assertSame('serviceIds=1042,1043,1046', $requests[0]['query']);
        $target = $requests[0]['path'] . '?' . $requests[0]['query'];
        $timestamp = (int) $requests[0]['headers']['x-ema-timestamp'];
        self::assertEqualsWithDelta(time(), $timestamp, 60);
        self::assertSame(
            EmaGatewayClient::sign(self::GATEWAY_SECRET, $timestamp, $target),
            $requests[0]['headers']['x-ema-signature']
        );
        self::assertNoSecretLogged();
    }

    public function testUsageUpdateSaysWhatIsWrongAndChangesNothingWhenTheUsageServiceIsDownOrRefuses(): void
    {
        $down = easymailarchive_UsageUpdate(self::params(['serverusername' => 'https://gateway.example.com '
            . FakeGateway::closedPortUrl()]));
        self::assertStringContainsString('Usage service unreachable', $down);

        $this->usageService->script(EmaUsageClient::USAGE_PATH, ['status' => 401, 'body' => ['detail' => 'nope']]);
        $refused = easymailarchive_UsageUpdate($this->serverParams());
        self::assertStringContainsString('rejected the signature', $refused);

        $changed = \WHMCS\Database\Capsule::pdo()
            ->query("SELECT count(*) FROM tblhosting WHERE lastupdate <> '0000-00-00 00:00:00'")->fetchColumn();
        self::assertSame(0, (int) $changed);
        self::assertNoSecretLogged();
    }

    public function testTheUsageServiceIsTheGatewayUnlessTheUsernameNamesASecondUrl(): void
    {
        $one = EmaServerConfig::fromParams(self::params(['serverusername' => 'https://gw.example.com/']));
        self::assertSame('https://gw.example.com', $one->gatewayUrl());
        self::assertSame('https://gw.example.com', $one->usageUrl());

        $two = EmaServerConfig::fromParams(
            self::params(['serverusername' => "gw.example.com  usage.example.com:8082"])
        );
        self::assertSame('https://gw.example.com', $two->gatewayUrl());
        self::assertSame('https://usage.example.com:8082', $two->usageUrl());
    }

    /**
     * @runInSeparateProcess
     * @preserveGlobalState disabled
     */
    public function testMetricProviderReportsActiveUsersStorageAndLicensesPerTenant(): void
    {
        require_once __DIR__ . '/stubs/UsageBilling.php';
        $this->answerUsage(
            self::figures(1042, 'acme-corp', 12, 5 * 1073741824, 12),
            self::figures(1043, 'beta', 3, 25 * 1073741824, 3)
        );

        $provider = easymailarchive_MetricProvider($this->serverParams());

        self::assertInstanceOf(\WHMCS\UsageBilling\Contracts\Metrics\ProviderInterface::class, $provider);
        $names = array_map(static fn ($m) => $m->displayName(), $provider->metrics());
        self::assertSame(['Active users', 'Storage (GB)', 'Licenses'], $names);

        $usage = $provider->usage();
        self::assertSame(['acme-corp', 'beta'], array_keys($usage));
        $values = static fn (array $metrics) => array_combine(
            array_map(static fn ($m) => $m->systemName(), $metrics),
            array_map(static fn ($m) => $m->usage()->value(), $metrics)
        );
        self::assertSame(['active_users' => 12, 'storage_gb' => 5.0, 'licenses' => 12], $values($usage['acme-corp']));
        self::assertSame(
            ['active_users' => 3, 'storage_gb' => 25.0, 'licenses' => 3],
            $values($provider->tenantUsage('beta'))
        );
        self::assertSame([], $provider->tenantUsage('nobody'));
        // one request serves metrics, usage and every tenant
        self::assertCount(1, $this->usageService->requests(EmaUsageClient::USAGE_PATH));
    }
}
