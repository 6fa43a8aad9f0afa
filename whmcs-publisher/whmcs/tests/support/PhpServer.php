<?php

/** A script run by PHP's built-in server (php -S) on a free local port, for the fakes the tests talk to. */
final class PhpServer
{
    private function __construct(public readonly string $url, private $process)
    {
    }

    /**
     * @param string $script the router script
     * @param string $dir its working folder, where server.log is written
     * @param array<string, string> $env added to this process's environment
     * @param int|null $port a given port (a server that comes back at its old address), else a free one
     */
    public static function start(string $script, string $dir, array $env, ?int $port = null): self
    {
        $env = array_merge(getenv(), $env);
        for ($try = 0; $try < 3; $try++) {
            $listen = $port ?? self::freePort();
            $process = proc_open(
                [PHP_BINARY, '-S', '127.0.0.1:' . $listen, $script],
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
                $socket = @fsockopen('127.0.0.1', $listen, $errno, $errstr, 0.1);
                if ($socket !== false) {
                    fclose($socket);
                    return new self('http://127.0.0.1:' . $listen, $process);
                }
                usleep(20000);
            }
            proc_terminate($process);
            proc_close($process);
        }
        throw new RuntimeException('PHP\'s built-in server did not start: ' . @file_get_contents($dir . '/server.log'));
    }

    /** A URL on which nothing listens. */
    public static function closedPortUrl(): string
    {
        return 'http://127.0.0.1:' . self::freePort();
    }

    public function stop(): void
    {
        if (is_resource($this->process)) {
            proc_terminate($this->process);
            proc_close($this->process);
        }
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
