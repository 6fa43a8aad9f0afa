<?php

/** How the server record's fields become the archive API and gateway addresses. */
final class ServerConfigTest extends ModuleTestCase
{
    public static function archiveUrls(): array
    {
        return [
            'public host, secure' => [
                ['serverhostname' => 'api.easymailarchive.com', 'serversecure' => 'on'],
                'https://api.easymailarchive.com',
            ],
            'public host is https even when not ticked' => [
                ['serverhostname' => 'api.easymailarchive.com', 'serversecure' => ''],
                'https://api.easymailarchive.com',
            ],
            'host and port, not secure' => [
                ['serverhostname' => '127.0.0.1:8090', 'serversecure' => false],
                'http://127.0.0.1:8090',
            ],
            'explicit scheme' => [
                ['serverhostname' => 'http://127.0.0.1:8090/', 'serversecure' => true],
                'http://127.0.0.1:8090',
            ],
            'port field' => [
                ['serverhostname' => 'sandbox.internal', 'serversecure' => true, 'serverport' => '8443'],
                'https://sandbox.internal:8443',
            ],
            'default port field is not repeated' => [
                ['serverhostname' => 'sandbox.internal', 'serversecure' => true, 'serverport' => '443'],
                'https://sandbox.internal',
            ],
        ];
    }

    /** @dataProvider archiveUrls */
    public function testArchiveBaseUrl(array $params, string $expected): void
    {
        self::assertSame($expected, EmaServerConfig::fromParams($params)->archiveBaseUrl());
    }

    public static function gatewayUrls(): array
    {
        return [
            ['https://gateway.example.com/', 'https://gateway.example.com'],
            ['gateway.example.com', 'https://gateway.example.com'],
            ['http://10.0.0.5:8080/ema', 'http://10.0.0.5:8080/ema'],
        ];
    }

    /** @dataProvider gatewayUrls */
    public function testGatewayUrlComesFromTheUsernameField(string $username, string $expected): void
    {
        self::assertSame($expected, EmaServerConfig::fromParams(['serverusername' => $username])->gatewayUrl());
    }

    public function testMissingSecretIsExplained(): void
    {
        $this->expectExceptionMessage("Event gateway shared secret missing: set the server's Access Hash");

        EmaServerConfig::fromParams(['serverusername' => 'https://gateway.example.com'])->requireGatewaySecret();
    }

    public function testMissingSecretIsReportedByTheActions(): void
    {
        $result = easymailarchive_CreateAccount(self::params(['serveraccesshash' => '']));

        self::assertStringStartsWith('Event gateway shared secret missing', $result);
    }
}
