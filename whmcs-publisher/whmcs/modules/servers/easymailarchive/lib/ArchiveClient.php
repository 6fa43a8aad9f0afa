<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * The one call the module still makes to the Easy Mail Archive reseller API itself: checking the
 * reseller API key for the server's Test Connection button. Provisioning goes through events.
 */
final class EmaArchiveClient
{
    public const TENANTS_PATH = '/api/reseller/tenants';

    public function __construct(
        private readonly string $baseUrl,
        private readonly string $host,
        private readonly string $apiKey,
        private readonly EmaHttpClient $http,
        private readonly EmaModuleLog $log
    ) {
    }

    /** @throws EmaModuleException when the key is not accepted or the API cannot be reached */
    public function checkApiKey(string $action = 'TestConnection'): void
    {
        $url = $this->baseUrl . self::TENANTS_PATH . '?per_page=1';
        $response = $this->http->send('GET', $url, [
            'Authorization' => 'Bearer ' . $this->apiKey,
            'Accept' => 'application/json',
        ]);
        $this->log->write(
            $action,
            ['method' => 'GET', 'url' => $url, 'headers' => ['Authorization' => 'Bearer (not logged)']],
            $response->describe()
        );

        if ($response->failed()) {
            throw new EmaModuleException('Cannot reach ' . $this->host . ': ' . $response->error);
        }
        if ($response->status === 401) {
            throw new EmaModuleException(
                "API key rejected by Easy Mail Archive: check the server's Password field"
            );
        }
        if ($response->status === 429) {
            throw new EmaModuleException('Easy Mail Archive is rate limiting this key (HTTP 429): test again in a minute');
        }
        if ($response->status !== 200) {
            throw new EmaModuleException(
                'Unexpected answer from Easy Mail Archive at ' . $this->host . ': HTTP ' . $response->status
            );
        }
    }
}
