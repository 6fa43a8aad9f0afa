<?php

/**
 * ListAccounts (WHMCS 7.8+ Server Sync) against the archive API's tenant list, served page by
 * page by the stand-in run under PHP's built-in server.
 */
final class ServerSyncTest extends ModuleTestCase
{
    private FakeGateway $archive;

    protected function setUp(): void
    {
        parent::setUp();
        $this->archive = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY);
    }

    protected function tearDown(): void
    {
        $this->archive->stop();
        parent::tearDown();
    }

    private function serverParams(array $overrides = []): array
    {
        return self::params(array_replace([
            'serverhostname' => $this->archive->url,
            'serversecure' => false,
        ], $overrides));
    }

    public function testEveryTenantOfEveryPageInTheShapeWhmcsExpects(): void
    {
        $this->archive->tenants([
            ['slug' => 'acme-corp', 'name' => 'Acme Corporation', 'status' => 'active', 'users_count' => 12,
                'storage_bytes' => 1024, 'created_at' => '2026-03-04T10:11:12.000000Z'],
            [
                'slug' => 'globex',
                'name' => 'Globex',
                'status' => 'suspended',
                'created_at' => '2026-05-06T07:08:09+02:00',
            ],
            ['slug' => 'initech', 'name' => 'Initech', 'status' => 'deleted', 'created_at' => '2025-12-31T23:59:59Z'],
            ['slug' => 'hooli', 'name' => 'Hooli', 'status' => 'provisioning', 'created_at' => '2026-11-01T00:00:00Z',
                'plan' => 'business', 'admin_email' => 'it@hooli.example',
                'url' => 'https://hooli.archive.reseller.example'],
            ['slug' => 'umbrella', 'name' => 'Umbrella', 'status' => 'active'],
        ], 2);

        $result = easymailarchive_ListAccounts($this->serverParams());

        self::assertTrue($result['success']);
        self::assertSame(
            ['page=1&per_page=100', 'page=2&per_page=100', 'page=3&per_page=100'],
            array_column($this->archive->requests(EmaArchiveClient::TENANTS_PATH), 'query')
        );
        self::assertSame(
            ['acme-corp', 'globex', 'initech', 'hooli', 'umbrella'],
            array_column($result['accounts'], 'username')
        );
        self::assertSame([
            'email' => '',
            'username' => 'acme-corp',
            'domain' => '',
            'uniqueIdentifier' => 'acme-corp',
            'product' => '',
            'primaryip' => '',
            'created' => '2026-03-04 10:11:12',
            'status' => 'Active',
        ], $result['accounts'][0]);
        self::assertSame(
            ['Active', 'Suspended', 'Terminated', 'Pending', 'Active'],
            array_column($result['accounts'], 'status')
        );
        self::assertSame('2026-05-06 05:08:09', $result['accounts'][1]['created'], 'in UTC');
        self::assertSame(
            ['it@hooli.example', 'hooli.archive.reseller.example', 'business'],
            [$result['accounts'][3]['email'], $result['accounts'][3]['domain'], $result['accounts'][3]['product']]
        );
        self::assertSame('', $result['accounts'][4]['created']);
        foreach ($this->archive->requests(EmaArchiveClient::TENANTS_PATH) as $request) {
            self::assertSame('Bearer ' . self::API_KEY, $request['headers']['authorization']);
        }
        self::assertNoSecretLogged();
    }

    public function testNoTenantsIsAnEmptyList(): void
    {
        self::assertSame(['success' => true, 'accounts' => []], easymailarchive_ListAccounts($this->serverParams()));
    }

    public function testTheBareArrayShapeIsAcceptedToo(): void
    {
        $this->archive->script(EmaArchiveClient::TENANTS_PATH, ['status' => 200, 'body' => [
            ['slug' => 'acme-corp', 'company_name' => 'Acme Corporation', 'status' => 'active', 'plan' => 'business'],
        ]]);

        $result = easymailarchive_ListAccounts($this->serverParams());

        self::assertSame(['acme-corp'], array_column($result['accounts'], 'uniqueIdentifier'));
        self::assertSame('business', $result['accounts'][0]['product']);
        self::assertCount(1, $this->archive->requests(EmaArchiveClient::TENANTS_PATH));
    }

    public function testARejectedKeyIsAnErrorForTheAdmin(): void
    {
        $result = easymailarchive_ListAccounts($this->serverParams(['serverpassword' => 'revoked-key']));

        self::assertSame(
            [
                'success' => false,
                'accounts' => [],
                'error' => "API key rejected by Easy Mail Archive: check the server's Password field",
            ],
            $result
        );
    }

    public function testAFailureOnALaterPageReturnsNoPartialList(): void
    {
        $this->archive->tenants([['slug' => 'a1'], ['slug' => 'a2'], ['slug' => 'a3']], 2);
        $this->archive->script(
            EmaArchiveClient::TENANTS_PATH,
            [
                'status' => 200,
                'body' => [
                    'data' => [['slug' => 'a1'], ['slug' => 'a2']],
                    'meta' => ['current_page' => 1, 'last_page' => 2],
                ],
            ],
            ['status' => 429, 'headers' => ['Retry-After' => '30'], 'body' => ['message' => 'Too Many Attempts.']]
        );

        $result = easymailarchive_ListAccounts($this->serverParams());

        self::assertSame(
            [
                'success' => false,
                'accounts' => [],
                'error' => 'Easy Mail Archive is rate limiting this key (HTTP 429): try again in a minute',
            ],
            $result
        );
    }

    public function testAnAnswerWithoutATenantListIsReported(): void
    {
        $this->archive->script(
            EmaArchiveClient::TENANTS_PATH,
            ['status' => 200, 'body' => ['message' => 'maintenance']]
        );

        $result = easymailarchive_ListAccounts($this->serverParams());

        self::assertFalse($result['success']);
        self::assertStringStartsWith('Unexpected tenant list from Easy Mail Archive', $result['error']);
    }

    public function testAnUnreachableApiIsReported(): void
    {
        $closed = FakeGateway::closedPortUrl();

        $result = easymailarchive_ListAccounts($this->serverParams(['serverhostname' => $closed]));

        self::assertFalse($result['success']);
        self::assertStringStartsWith('Cannot reach ' . $closed . ': ', $result['error']);
    }
}
