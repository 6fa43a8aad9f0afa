<?php

/**
 * Runs tests/fixtures/fake_gateway.php under PHP's built-in server on a free local port, and
 * lets a test script its answers and read back what it received.
 */
final class FakeGateway
{
    private function __construct(
        public readonly string $url,
        private readonly string $dir,
        private readonly PhpServer $server
    ) {
    }

    /** @param int|null $port a given port (a gateway that comes back at its old address), else a free one */
    public static function start(string $secret, string $archiveKey, ?int $port = null): self
    {
        $dir = sys_get_temp_dir() . '/ema-fake-gateway-' . bin2hex(random_bytes(6));
        mkdir($dir);
        touch($dir . '/requests.jsonl');
        file_put_contents($dir . '/script.json', '{}');
        $server = PhpServer::start(__DIR__ . '/../fixtures/fake_gateway.php', $dir, [
            'FAKE_GATEWAY_STATE' => $dir,
            'FAKE_GATEWAY_SECRET' => $secret,
            'FAKE_ARCHIVE_KEY' => $archiveKey,
        ], $port);
        return new self($server->url, $dir, $server);
    }

    /** A URL on which nothing listens. */
    public static function closedPortUrl(): string
    {
        return PhpServer::closedPortUrl();
    }

    /** Tenants served by the archive API's tenant list, $perPage a page (as the reference shape). */
    public function tenants(array $tenants, int $perPage = 2): void
    {
        file_put_contents($this->dir . '/tenants.json', json_encode(['tenants' => $tenants, 'perPage' => $perPage]));
    }

    /** Queues answers for the next requests to $path, in order; afterwards the default behaviour resumes. */
    public function script(string $path, array ...$answers): void
    {
        $script = json_decode((string) file_get_contents($this->dir . '/script.json'), true) ?: [];
        $script[$path] = array_merge($script[$path] ?? [], $answers);
        file_put_contents($this->dir . '/script.json', json_encode($script));
    }

    /** @return list<array{method: string, path: string, query: string, headers: array, body: string}> */
    public function requests(?string $path = null): array
    {
        $lines = file($this->dir . '/requests.jsonl', FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [];
        $requests = array_map(static fn (string $l) => json_decode($l, true), $lines);
        return array_values(array_filter($requests, static fn (array $r) => $path === null || $r['path'] === $path));
    }

    /** The events the module POSTed, decoded. */
    public function events(): array
    {
        return array_map(
            static fn (array $r) => json_decode($r['body'], true),
            $this->requests(EmaGatewayClient::EVENTS_PATH)
        );
    }

    public function stop(): void
    {
        $this->server->stop();
        foreach (glob($this->dir . '/*') ?: [] as $file) {
            unlink($file);
        }
        @rmdir($this->dir);
    }
}
