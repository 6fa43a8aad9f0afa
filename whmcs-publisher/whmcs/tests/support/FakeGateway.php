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
        private $process
    ) {
    }

    /** @param int|null $port a given port (a gateway that comes back at its old address), else a free one */
    public static function start(string $secret, string $archiveKey, ?int $port = null): self
    {
        $dir = sys_get_temp_dir() . '/ema-fake-gateway-' . bin2hex(random_bytes(6));
        mkdir($dir);
        touch($dir . '/requests.jsonl');
        file_put_contents($dir . '/script.json', '{}');
        $env = array_merge(getenv(), [
            'FAKE_GATEWAY_STATE' => $dir,
            'FAKE_GATEWAY_SECRET' => $secret,
            'FAKE_ARCHIVE_KEY' => $archiveKey,
        ]);

        for ($try = 0; $try < 3; $try++) {
            $port = $port ?? self::freePort();
            $process = proc_open(
                [PHP_BINARY, '-S', '127.0.0.1:' . $port, __DIR__ . '/../fixtures/fake_gateway.php'],
                [
                    0 => ['file', '/dev/null', 'r'],
                    1 => ['file', $dir . '/server.log', 'a'],
                    2 => ['file', $dir . '/server.log', 'a'],
                ],
                $pipes,
                $dir,
                $env
            );
            $deadline = microtime(true) + 5;
            while (microtime(true) < $deadline && proc_get_status($process)['running']) {
                $socket = @fsockopen('127.0.0.1', $port, $errno, $errstr, 0.1);
                if ($socket !== false) {
                    fclose($socket);
                    return new self('http://127.0.0.1:' . $port, $dir, $process);
                }
                usleep(20000);
            }
            proc_terminate($process);
            proc_close($process);
        }
        throw new RuntimeException('the fake gateway did not start: ' . @file_get_contents($dir . '/server.log'));
    }

    /** A URL on which nothing listens. */
    public static function closedPortUrl(): string
    {
        return 'http://127.0.0.1:' . self::freePort();
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
        if (is_resource($this->process)) {
            proc_terminate($this->process);
            proc_close($this->process);
        }
        foreach (glob($this->dir . '/*') ?: [] as $file) {
            unlink($file);
        }
        @rmdir($this->dir);
    }

    private static function freePort(): int
    {
        $server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
        if ($server === false) {
            throw new RuntimeException('no free port: ' . $errstr);
        }
        $name = stream_socket_get_name($server, false);
        fclose($server);
        return (int) substr($name, strrpos($name, ':') + 1);
    }
}
