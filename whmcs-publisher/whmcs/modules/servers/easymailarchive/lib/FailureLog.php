<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * Writes the provisioning worker's failures (dead letters: events the archive refused, or that
 * were given up on) into WHMCS's Module Log, where admins look for "detailed error messages from
 * the API": one entry per failure, with the event as the request and the archive's answer as the
 * response, secrets masked.
 *
 * Run by the cron hook. It reads the worker's signed GET /api/failures?after=<cursor> (signed
 * like every call to the gateway, with the server's Access Hash) and keeps, per worker, the cursor
 * of the last failure written, in the module's table mod_easymailarchive_state. Each failure is
 * claimed by moving the cursor past it (compare-and-set) before it is written: two cron runs at
 * once never write one failure twice, and a run that dies between the two loses at most that
 * one entry rather than repeating it.
 */
final class EmaFailureLog
{
    public const FAILURES_PATH = '/api/failures';

    public const TABLE = 'mod_easymailarchive_state';

    /** Failures per request; the worker serves at most 100. */
    private const PAGE = 100;

    /** Pages a cron run reads per worker at most; the next run (a few minutes later) goes on. */
    public const MAX_PAGES_PER_RUN = 5;

    /** @var callable(): int */
    private $clock;

    private bool $tableReady = false;

    /** @param callable(): int|null $clock Unix seconds */
    public function __construct(
        private readonly PDO $pdo,
        private readonly EmaHttpClient $http,
        ?callable $clock = null
    ) {
        $this->clock = $clock ?? static fn (): int => time();
    }

    public static function fromCapsule(): self
    {
        if (!class_exists('\WHMCS\Database\Capsule')) {
            throw new EmaModuleException('The WHMCS database layer is not available');
        }
        return new self(\WHMCS\Database\Capsule::connection()->getPdo(), new EmaHttpClient(5, 15));
    }

    /** The cron hook's entry point: never throws at the WHMCS cron. */
    public static function cronRun(): void
    {
        try {
            $directory = EmaServerDirectory::fromCapsule();
            $servers = array_map(
                static fn (int $id): array => $directory->params($id),
                $directory->moduleServerIds()
            );
            self::fromCapsule()->run($servers);
        } catch (Throwable $e) {
            (new EmaModuleLog())->write('Failures', 'cron run', 'Reading the worker\'s failures failed: '
                . $e->getMessage());
        }
    }

    /**
     * Reads the failures of every worker the given server records name, each worker (URL and
     * secret) once.
     *
     * @param list<array> $servers module parameters of the server records (serverusername, serveraccesshash)
     * @return int failures written to the Module Log
     */
    public function run(array $servers): int
    {
        $written = 0;
        $seen = [];
        foreach ($servers as $params) {
            $log = EmaModuleLog::forParams($params);
            try {
                $config = EmaServerConfig::fromParams($params);
                $url = $config->workerUrl();
                $secret = $config->requireGatewaySecret();
                $key = $url . ' ' . hash('sha256', $secret);
                if (isset($seen[$key])) {
                    continue;
                }
                $seen[$key] = true;
                $written += $this->readWorker($url, $secret, $log);
            } catch (EmaModuleException $e) {
                $log->write('Failures', 'server ' . ($params['serverid'] ?? '?'), $e->getMessage());
            }
        }
        return $written;
    }

    /**
     * Writes the worker's failures past its cursor, oldest first.
     *
     * @return int failures written
     * @throws EmaModuleException when the worker cannot be read
     */
    public function readWorker(string $workerUrl, string $secret, EmaModuleLog $log): int
    {
        $name = 'failures ' . $workerUrl;
        $cursor = $this->cursor($name);
        $written = 0;
        for ($page = 0; $page < self::MAX_PAGES_PER_RUN; $page++) {
            $failures = $this->fetch($workerUrl, $secret, $cursor, $log);
            foreach ($failures as $failure) {
                $at = is_array($failure) ? (string) ($failure['cursor'] ?? '') : '';
                if (self::compare($at, $cursor) <= 0) {
                    continue;
                }
                if (!$this->advance($name, $cursor, $at)) {
                    // another cron run is writing this worker's failures
                    return $written;
                }
                $cursor = $at;
                self::write($failure, $log);
                $written++;
            }
            if (count($failures) < self::PAGE) {
                break;
            }
        }
        return $written;
    }

    /** One Module Log entry: the event as the request, the archive's answer as the response. */
    private static function write(array $failure, EmaModuleLog $log): void
    {
        $type = (string) ($failure['type'] ?? 'event');
        $event = $failure['event'] ?? null;
        $log->write(
            'Dead letter ' . $type,
            is_array($event) ? json_encode($event, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) : (string) $event,
            (string) ($failure['error'] ?? ''),
            'service #' . (int) ($failure['serviceId'] ?? 0) . ': ' . (string) ($failure['reason'] ?? '')
                . ' after ' . (int) ($failure['attempts'] ?? 0) . ' attempt(s) at '
                . (string) ($failure['failedAt'] ?? '') . ' (event ' . (string) ($failure['eventId'] ?? '') . ')'
        );
    }

    /** @return list<array> */
    private function fetch(string $workerUrl, string $secret, string $cursor, EmaModuleLog $log): array
    {
        $parts = parse_url($workerUrl);
        $origin = $parts['scheme'] . '://' . $parts['host'] . (isset($parts['port']) ? ':' . $parts['port'] : '');
        $target = rtrim((string) ($parts['path'] ?? ''), '/') . self::FAILURES_PATH . '?'
            . ($cursor === '' ? '' : 'after=' . rawurlencode($cursor) . '&') . 'limit=' . self::PAGE;
        $timestamp = ($this->clock)();
        $response = $this->http->send('GET', $origin . $target, [
            'Accept' => 'application/json',
            'X-EMA-Timestamp' => (string) $timestamp,
            'X-EMA-Signature' => EmaGatewayClient::sign($secret, $timestamp, $target),
        ]);
        if ($response->failed()) {
            throw new EmaModuleException('Provisioning worker unreachable at ' . $workerUrl . ': ' . $response->error
                . '; its failures are read at the next cron run');
        }
        if ($response->status === 401) {
            $log->write('Failures', ['method' => 'GET', 'url' => $origin . $target], $response->describe());
            throw new EmaModuleException('Provisioning worker rejected the signature: check the shared secret'
                . ' (Access Hash, the worker\'s ema.module-log.secrets) and the WHMCS server clock');
        }
        $answer = $response->json();
        if ($response->status !== 200 || !isset($answer['failures']) || !is_array($answer['failures'])) {
            throw new EmaModuleException('Unexpected answer from the provisioning worker at ' . $workerUrl . ': HTTP '
                . $response->status . '; check the server\'s Username field (gateway URL, usage service URL,'
                . ' provisioning worker URL)');
        }
        return array_values($answer['failures']);
    }

    /** Orders cursors ("<transaction>.<number>"); "" comes before any. */
    public static function compare(string $a, string $b): int
    {
        $parse = static function (string $cursor): array {
            return preg_match('/\A(\d{1,18})\.(\d{1,18})\z/', $cursor, $m) ? [(int) $m[1], (int) $m[2]] : [-1, -1];
        };
        return $parse($a) <=> $parse($b);
    }

    private function cursor(string $name): string
    {
        $this->ensureTable();
        $driver = (string) $this->pdo->getAttribute(PDO::ATTR_DRIVER_NAME);
        $insert = $driver === 'sqlite' ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
        $this->query($insert . ' INTO ' . self::TABLE . " (name, value) VALUES (?, '')", [$name]);
        return (string) $this->query('SELECT value FROM ' . self::TABLE . ' WHERE name = ?', [$name])->fetchColumn();
    }

    /** Moves the cursor from $from to $to; false when another run moved it first. */
    private function advance(string $name, string $from, string $to): bool
    {
        return $this->query(
            'UPDATE ' . self::TABLE . ' SET value = ? WHERE name = ? AND value = ?',
            [$to, $name, $from]
        )->rowCount() === 1;
    }

    private function ensureTable(): void
    {
        if ($this->tableReady) {
            return;
        }
        // name: at most 191 characters, the longest a utf8mb4 key may be on older MySQL
        $this->query('CREATE TABLE IF NOT EXISTS ' . self::TABLE
            . ' (name VARCHAR(191) NOT NULL PRIMARY KEY, value TEXT NOT NULL)', []);
        $this->tableReady = true;
    }

    private function query(string $sql, array $values): PDOStatement
    {
        $statement = $this->pdo->prepare($sql);
        if ($statement === false || $statement->execute($values) === false) {
            $info = $statement === false ? $this->pdo->errorInfo() : $statement->errorInfo();
            throw new RuntimeException('Database error on ' . self::TABLE . ': ' . ($info[2] ?? 'unknown'));
        }
        return $statement;
    }
}
