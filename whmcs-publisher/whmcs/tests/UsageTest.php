<?php

/**
 * UsageUpdate and the MetricProvider, against a stand-in for the usage-sync worker's signed usage
 * endpoint (the fake gateway with scripted answers) and an in-memory tblhosting with the products'
 * custom fields. Tenants are found by the services' "Archive slug" field, never by the username
 * WHMCS fills in from the domain.
 */
final class UsageTest extends ModuleTestCase
{
    private FakeGateway $usageService;

    protected function setUp(): void
    {
        parent::setUp();
        $this->usageService = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY);
        $pdo = \WHMCS\Database\Capsule::pdo();
        $pdo->exec('CREATE TABLE tblhosting (id INTEGER PRIMARY KEY, packageid INTEGER, server INTEGER,'
            . " username TEXT, domainstatus TEXT, diskusage INTEGER DEFAULT 0,"
            . " lastupdate TEXT DEFAULT '0000-00-00 00:00:00')");
        $pdo->exec('CREATE TABLE tblcustomfields (id INTEGER PRIMARY KEY, type TEXT, relid INTEGER, fieldname TEXT)');
        $pdo->exec('CREATE TABLE tblcustomfieldsvalues (fieldid INTEGER, relid INTEGER, value TEXT)');
        // product 3 names its field "name|Label", as WHMCS allows; product 5 has another field only
        $pdo->exec("INSERT INTO tblcustomfields VALUES (12, 'product', 3, 'Archive slug'),"
            . " (13, 'product', 3, 'Archive URL'), (22, 'product', 4, 'archive slug|Your archive'),"
            . " (30, 'product', 5, 'Notes'), (31, 'client', 3, 'Archive slug')");
        $insert = $pdo->prepare(
            'INSERT INTO tblhosting (id, packageid, server, username, domainstatus) VALUES (?, ?, ?, ?, ?)'
        );
        $value = $pdo->prepare('INSERT INTO tblcustomfieldsvalues (fieldid, relid, value) VALUES (?, ?, ?)');
        $services = [
            [1042, 3, 2, 'acmeexam', 'Active', 12, 'acme-corp'],
            [1043, 4, 2, 'betaexam', 'Suspended', 22, 'beta'],
            [1044, 3, 2, 'goneexam', 'Terminated', 12, 'gone'],
            [1045, 3, 9, 'othersrv', 'Active', 12, 'other-server'],
            [1046, 3, 2, 'fresh', 'Active', 12, ''],
        ];
        foreach ($services as [$id, $pid, $server, $username, $status, $field, $slug]) {
            $insert->execute([$id, $pid, $server, $username, $status]);
            $value->execute([$field, $id, $slug]);
            $value->execute([13, $id, 'https://' . $slug . '.archive.example']);
        }
        // a client custom field of the same name is no service's slug
        $value->execute([31, 1046, 'acme-corp']);
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
        // the database's clock, not PHP's: WHMCS shows lastupdate in the database's time zone
        \WHMCS\Database\Capsule::pdo()->sqliteCreateFunction('now', static fn () => '2031-01-02 03:04:05', 0);
        $this->answerUsage(
            self::figures(1042, 'acme-corp', 12, 5 * 1073741824 + 1, 12),
            self::figures(1043, 'beta', 1, 0, 1)
        );

        $result = easymailarchive_UsageUpdate($this->serverParams());

        self::assertSame('success', $result);
        $rows = \WHMCS\Database\Capsule::pdo()->query('SELECT id, diskusage, lastupdate FROM tblhosting ORDER BY id')
            ->fetchAll(PDO::FETCH_ASSOC);
        self::assertSame('5121', (string) $rows[0]['diskusage']);
        self::assertSame('2031-01-02 03:04:05', $rows[0]['lastupdate']);
        self::assertSame('0', (string) $rows[1]['diskusage']);
        self::assertSame('2031-01-02 03:04:05', $rows[1]['lastupdate']);
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
        self::assertSame(['active_users' => null, 'storage_gb' => null, 'licenses' => null], array_combine(
            array_map(static fn ($m) => $m->systemName(), $provider->tenantUsage('nobody')),
            array_map(static fn ($m) => $m->usage(), $provider->tenantUsage('nobody'))
        ));
        // one request serves metrics, usage and every tenant
        self::assertCount(1, $this->usageService->requests(EmaUsageClient::USAGE_PATH));
    }

    /**
     * @runInSeparateProcess
     * @preserveGlobalState disabled
     */
    public function testTenantUsageFetchesTheTenantsOwnServiceFoundByItsArchiveSlugField(): void
    {
        require_once __DIR__ . '/stubs/UsageBilling.php';
        $this->answerUsage(self::figures(1043, 'beta', 3, 25 * 1073741824, 3));

        $provider = easymailarchive_MetricProvider($this->serverParams());
        $metrics = $provider->tenantUsage('beta');

        self::assertSame([3, 25.0, 3], array_map(static fn ($m) => $m->usage()->value(), $metrics));
        $requests = $this->usageService->requests(EmaUsageClient::USAGE_PATH);
        self::assertCount(1, $requests);
        self::assertSame('serviceIds=1043', $requests[0]['query']);

        // the username, another server's tenant, a client field, an empty slug: no service, no request
        foreach (['betaexam', 'other-server', 'acme-corp-x', ''] as $unknown) {
            $none = $provider->tenantUsage($unknown);
            self::assertSame(['Active users', 'Storage (GB)', 'Licenses'], array_map(
                static fn ($m) => $m->displayName(),
                $none
            ));
            self::assertSame([null, null, null], array_map(static fn ($m) => $m->usage(), $none), $unknown);
        }
        self::assertCount(1, $this->usageService->requests(EmaUsageClient::USAGE_PATH));
    }

    public function testServicesAreNamedByTheirArchiveSlugFieldNotTheUsername(): void
    {
        $store = new EmaUsageStore(\WHMCS\Database\Capsule::pdo());

        self::assertSame([1042 => 'acme-corp', 1043 => 'beta', 1046 => ''], $store->servicesOfServer(2));
        self::assertSame([1042], $store->servicesOfTenant(2, 'acme-corp'));
        self::assertSame([], $store->servicesOfTenant(2, 'acmeexam'));
        self::assertSame([], $store->servicesOfTenant(2, 'gone'));
        self::assertSame([1045], $store->servicesOfTenant(9, 'other-server'));
    }
}
