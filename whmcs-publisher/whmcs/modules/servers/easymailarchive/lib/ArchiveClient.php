<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * The read-only calls the module makes to the Easy Mail Archive reseller API itself: checking the
 * reseller API key (Test Connection) and listing the tenants (Server Sync). Provisioning goes
 * through events.
 */
final class EmaArchiveClient
{
    public const TENANTS_PATH = '/api/reseller/tenants';

    /** Tenants asked for per page, and a bound on the pages read, against a pagination that never ends. */
    public const PAGE_SIZE = 100;
    public const MAX_PAGES = 1000;

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
            throw new EmaModuleException(
                'Easy Mail Archive is rate limiting this key (HTTP 429): test again in a minute'
            );
        }
        if ($response->status !== 200) {
            throw new EmaModuleException(
                'Unexpected answer from Easy Mail Archive at ' . $this->host . ': HTTP ' . $response->status
            );
        }
    }

    /**
     * Every tenant of the reseller key, all pages. Accepts both documented shapes: the reference
     * {"data": [...], "meta": {"current_page", "last_page"}} and a bare JSON array (one page).
     *
     * @return list<array> the tenants as the API returned them
     * @throws EmaModuleException
     */
    public function listTenants(string $action = 'ListAccounts'): array
    {
        $tenants = [];
        for ($page = 1; $page <= self::MAX_PAGES; $page++) {
            $url = $this->baseUrl . self::TENANTS_PATH . '?page=' . $page . '&per_page=' . self::PAGE_SIZE;
            $response = $this->http->send('GET', $url, [
                'Authorization' => 'Bearer ' . $this->apiKey,
                'Accept' => 'application/json',
            ]);
            $this->log->write(
                $action,
                ['method' => 'GET', 'url' => $url, 'headers' => ['Authorization' => 'Bearer (not logged)']],
                $response->describe()
            );
            $this->requireOk($response);
            $body = json_decode($response->body, true);
            if (is_array($body) && array_is_list($body)) {
                return array_merge($tenants, array_values(array_filter($body, 'is_array')));
            }
            if (!is_array($body) || !is_array($body['data'] ?? null)) {
                throw new EmaModuleException(
                    'Unexpected tenant list from Easy Mail Archive at ' . $this->host . ' (page ' . $page
                        . '): no "data" list'
                );
            }
            $tenants = array_merge($tenants, array_values(array_filter($body['data'], 'is_array')));
            $current = (int) ($body['meta']['current_page'] ?? $page);
            $last = (int) ($body['meta']['last_page'] ?? $current);
            if ($body['data'] === [] || $current >= $last) {
                return $tenants;
            }
        }
        throw new EmaModuleException(
            'Easy Mail Archive returned more than ' . self::MAX_PAGES . ' pages of tenants: the list was not used'
        );
    }

    private function requireOk(EmaHttpResponse $response): void
    {
        if ($response->failed()) {
            throw new EmaModuleException('Cannot reach ' . $this->host . ': ' . $response->error);
        }
        if ($response->status === 401) {
            throw new EmaModuleException("API key rejected by Easy Mail Archive: check the server's Password field");
        }
        if ($response->status === 429) {
            throw new EmaModuleException(
                'Easy Mail Archive is rate limiting this key (HTTP 429): try again in a minute'
            );
        }
        if ($response->status !== 200) {
            throw new EmaModuleException(
                'Unexpected answer from Easy Mail Archive at ' . $this->host . ': HTTP ' . $response->status
            );
        }
    }
}
