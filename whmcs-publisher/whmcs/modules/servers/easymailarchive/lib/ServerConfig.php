<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * Reads the WHMCS server record the module is attached to:
 *
 * | server field | meaning                                                          |
 * |--------------|------------------------------------------------------------------|
 * | Hostname     | Easy Mail Archive API host (api.easymailarchive.com)             |
 * | Password     | reseller API key                                                 |
 * | Username     | event gateway base URL (https://gateway.example.com); optionally, |
 * |              | after a space, the usage service URL (else the gateway URL), then |
 * |              | the provisioning worker URL (else the gateway URL)               |
 * | Access Hash  | shared secret that signs calls to the gateway                    |
 * | Secure       | https for the archive API (the public API host is always https)  |
 */
final class EmaServerConfig
{
    public const PUBLIC_API_HOST = 'api.easymailarchive.com';

    private function __construct(private readonly array $params)
    {
    }

    public static function fromParams(array $params): self
    {
        return new self($params);
    }

    public function apiKey(): string
    {
        return $this->string('serverpassword');
    }

    public function gatewaySecret(): string
    {
        return $this->string('serveraccesshash');
    }

    /** The host as the admin typed it, for messages. */
    public function archiveHost(): string
    {
        return $this->string('serverhostname');
    }

    /**
     * https://{hostname}, or http:// when the server's Secure box is not ticked. A hostname may
     * carry its own scheme and port ("http://127.0.0.1:8090" or "127.0.0.1:8090").
     */
    public function archiveBaseUrl(): string
    {
        $host = $this->archiveHost();
        if ($host === '') {
            throw new EmaModuleException(
                "Archive API host missing: set the server's Hostname to " . self::PUBLIC_API_HOST
            );
        }
        if (preg_match('#^(https?)://#i', $host, $m)) {
            $scheme = strtolower($m[1]);
            $host = substr($host, strlen($m[0]));
        } else {
            $scheme = $this->secure() ? 'https' : 'http';
        }
        $host = rtrim($host, '/');
        $bareHost = strtolower((string) parse_url('//' . $host, PHP_URL_HOST));
        if ($bareHost === '') {
            throw new EmaModuleException("Archive API host is not a host name: check the server's Hostname");
        }
        if ($bareHost === self::PUBLIC_API_HOST) {
            // The reseller API key must never travel in clear text to the public API.
            $scheme = 'https';
        }
        $port = (int) ($this->params['serverport'] ?? 0);
        if (
            parse_url('//' . $host, PHP_URL_PORT) === null && $port > 0
            && $port !== ($scheme === 'https' ? 443 : 80)
        ) {
            $host .= ':' . $port;
        }
        return $scheme . '://' . $host;
    }

    /** The gateway base URL from the server's Username field, without a trailing slash. */
    public function gatewayUrl(): string
    {
        return $this->url($this->usernameParts()[0] ?? '');
    }

    /**
     * The usage-sync worker's base URL: the second entry of the Username field when there is one,
     * else the gateway URL (one address that routes /api/usage to the usage worker).
     */
    public function usageUrl(): string
    {
        $parts = $this->usernameParts();
        return isset($parts[1]) ? $this->url($parts[1], 'Usage service URL') : $this->gatewayUrl();
    }

    /**
     * The provisioning worker's base URL, for its failures: the third entry of the Username field
     * when there is one, else the gateway URL (one address that routes /api/failures to the worker).
     */
    public function workerUrl(): string
    {
        $parts = $this->usernameParts();
        return isset($parts[2]) ? $this->url($parts[2], 'Provisioning worker URL') : $this->gatewayUrl();
    }

    /** @return string[] the Username field split on white space */
    private function usernameParts(): array
    {
        return preg_split('/\s+/', $this->string('serverusername'), -1, PREG_SPLIT_NO_EMPTY) ?: [];
    }

    private function url(string $given, string $what = 'Event gateway URL'): string
    {
        $url = rtrim($given, '/');
        if ($url === '') {
            throw new EmaModuleException(
                "Event gateway URL missing: set the server's Username to the gateway URL"
                    . " (e.g. https://gateway.example.com)"
            );
        }
        if (!preg_match('#^https?://#i', $url)) {
            $url = 'https://' . $url;
        }
        if (parse_url($url, PHP_URL_HOST) === null || parse_url($url, PHP_URL_HOST) === false) {
            throw new EmaModuleException($what . " is not a URL: check the server's Username field");
        }
        return $url;
    }

    /**
     * The product's "When the gateway is down" option (configoption4): the outbox unless the
     * product says "Module Queue". Empty, as on products saved before the option existed, means on.
     */
    public function outboxEnabled(): bool
    {
        return !str_starts_with(strtolower($this->string('configoption4')), 'module queue');
    }

    public function requireGatewaySecret(): string
    {
        $secret = $this->gatewaySecret();
        if ($secret === '') {
            throw new EmaModuleException(
                "Event gateway shared secret missing: set the server's Access Hash to the gateway's shared secret"
            );
        }
        return $secret;
    }

    public function requireApiKey(): string
    {
        $key = $this->apiKey();
        if ($key === '') {
            throw new EmaModuleException("Reseller API key missing: enter it in the server's Password field");
        }
        return $key;
    }

    private function secure(): bool
    {
        $value = $this->params['serversecure'] ?? true;
        if (is_bool($value)) {
            return $value;
        }
        return in_array(strtolower(trim((string) $value)), ['on', '1', 'yes', 'true'], true);
    }

    private function string(string $key): string
    {
        $value = $this->params[$key] ?? '';
        return is_scalar($value) ? trim((string) $value) : '';
    }
}
