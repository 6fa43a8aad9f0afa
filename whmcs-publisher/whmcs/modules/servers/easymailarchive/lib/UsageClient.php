<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * Reads the latest usage of services from the usage-sync worker's read-only endpoint:
 * GET /api/usage?serviceIds=1,2,3, signed like every call to the gateway (X-EMA-Timestamp and
 * X-EMA-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + payload)>); a GET has no
 * body, so the payload is the request target, path and query exactly as sent.
 */
final class EmaUsageClient
{
    public const USAGE_PATH = '/api/usage';

    /** The worker takes at most 1000 ids per request; fewer keep URLs short. */
    private const CHUNK = 200;

    /** @var callable(): int */
    private $clock;

    public function __construct(
        private readonly string $baseUrl,
        private readonly string $secret,
        private readonly EmaHttpClient $http,
        private readonly EmaModuleLog $log,
        ?callable $clock = null
    ) {
        $this->clock = $clock ?? static fn (): int => time();
    }

    /**
     * The latest figures per service id; services the worker has no figures for are left out.
     *
     * @param int[] $serviceIds
     * @return array<int, array{serviceId: int, slug: string, status: string, activeUsers: int,
     *     storageBytes: int, storageGb: float, messages: ?int, licenses: int, collectedAt: string}>
     * @throws EmaModuleException with a message for the admin
     */
    public function usage(array $serviceIds, string $action): array
    {
        $ids = array_values(array_unique(array_map('intval', $serviceIds)));
        $ids = array_values(array_filter($ids, static fn (int $id) => $id > 0));
        $usage = [];
        foreach (array_chunk($ids, self::CHUNK) as $chunk) {
            foreach ($this->fetch($chunk, $action) as $service) {
                if (is_array($service) && isset($service['serviceId'])) {
                    $usage[(int) $service['serviceId']] = $service;
                }
            }
        }
        return $usage;
    }

    private function fetch(array $ids, string $action): array
    {
        $target = $this->basePath() . self::USAGE_PATH . '?serviceIds=' . implode(',', $ids);
        $url = $this->origin() . $target;
        $timestamp = ($this->clock)();
        $response = $this->http->send('GET', $url, [
            'Accept' => 'application/json',
            'X-EMA-Timestamp' => (string) $timestamp,
            'X-EMA-Signature' => EmaGatewayClient::sign($this->secret, $timestamp, $target),
        ]);
        $this->log->write(
            $action,
            ['method' => 'GET', 'url' => $url, 'headers' => ['X-EMA-Signature' => '(not logged)']],
            $response->describe()
        );

        if ($response->failed()) {
            throw new EmaModuleException('Usage service unreachable at ' . $this->baseUrl . ': ' . $response->error
                . '; usage stays as it was until the next run');
        }
        if ($response->status === 401) {
            throw new EmaModuleException('Usage service rejected the signature: check the shared secret (Access Hash)'
                . ' and the WHMCS server clock');
        }
        $answer = $response->json();
        if ($response->status !== 200 || !isset($answer['services']) || !is_array($answer['services'])) {
            throw new EmaModuleException('Unexpected answer from the usage service at ' . $this->baseUrl . ': HTTP '
                . $response->status . '; check the server\'s Username field (gateway URL, then the usage service URL)');
        }
        return $answer['services'];
    }

    private function origin(): string
    {
        $parts = parse_url($this->baseUrl);
        return $parts['scheme'] . '://' . $parts['host'] . (isset($parts['port']) ? ':' . $parts['port'] : '');
    }

    private function basePath(): string
    {
        return rtrim((string) (parse_url($this->baseUrl, PHP_URL_PATH) ?? ''), '/');
    }
}
