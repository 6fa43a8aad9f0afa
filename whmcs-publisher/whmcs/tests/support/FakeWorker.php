<?php

/**
 * Runs tests/fixtures/fake_worker.php (the workers' admin API) under PHP's built-in server: a test sets the answer
 * of each endpoint and reads back what the addon asked.
 */
final class FakeWorker
{
    private function __construct(
        public readonly string $url,
        private readonly string $dir,
        private readonly PhpServer $server
    ) {
    }

    public static function start(string $token): self
    {
        $dir = sys_get_temp_dir() . '/ema-fake-worker-' . bin2hex(random_bytes(6));
        mkdir($dir);
        touch($dir . '/requests.jsonl');
        file_put_contents($dir . '/answers.json', '{}');
        $server = PhpServer::start(__DIR__ . '/../fixtures/fake_worker.php', $dir, [
            'FAKE_WORKER_STATE' => $dir,
            'FAKE_WORKER_TOKEN' => $token,
        ]);
        return new self($server->url, $dir, $server);
    }

    /** What "METHOD /path" answers from now on; $body an array is sent as JSON. */
    public function answer(string $methodAndPath, int $status, $body): void
    {
        $answers = json_decode((string) file_get_contents($this->dir . '/answers.json'), true) ?: [];
        $answers[$methodAndPath] = ['status' => $status, 'body' => $body];
        file_put_contents($this->dir . '/answers.json', json_encode($answers));
    }

    /** @return list<array{method: string, path: string, query: string, headers: array, body: string}> */
    public function requests(?string $path = null): array
    {
        $lines = file($this->dir . '/requests.jsonl', FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [];
        $requests = array_map(static fn (string $l) => json_decode($l, true), $lines);
        return array_values(array_filter($requests, static fn (array $r) => $path === null || $r['path'] === $path));
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
