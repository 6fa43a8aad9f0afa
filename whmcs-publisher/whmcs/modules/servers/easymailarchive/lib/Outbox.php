<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * Events waiting for the gateway, as a table in WHMCS's own database (MySQL/MariaDB in
 * production, reached through Capsule's PDO connection; SQLite in the tests).
 *
 * A row is written when an action could not reach the gateway, or when its service already has
 * rows here (an action never overtakes an earlier one). The cron hook sends the rows oldest
 * first and deletes each one only after the gateway answered 202. A row the gateway refuses for
 * good is kept with status "failed" and holds back the later rows of its service until the admin
 * retries or discards it.
 */
final class EmaOutbox
{
    public const TABLE = 'mod_easymailarchive_outbox';

    public const QUEUED = 'queued';
    public const FAILED = 'failed';

    private bool $tableReady = false;

    /** @var callable(): string */
    private $now;

    public function __construct(private readonly PDO $pdo, ?callable $now = null)
    {
        $this->now = $now ?? [EmaEventBuilder::class, 'now'];
    }

    public static function fromCapsule(): self
    {
        if (!class_exists('\WHMCS\Database\Capsule')) {
            throw new EmaModuleException('The WHMCS database layer is not available');
        }
        return new self(\WHMCS\Database\Capsule::connection()->getPdo());
    }

    public static function createTableSql(string $driver): string
    {
        $id = $driver === 'sqlite'
            ? 'id INTEGER PRIMARY KEY AUTOINCREMENT'
            : 'id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY';
        $sql = 'CREATE TABLE ' . self::TABLE . ' ('
            . $id . ', '
            . 'service_id BIGINT UNSIGNED NOT NULL, '
            . 'server_id BIGINT UNSIGNED NOT NULL, '
            . 'action VARCHAR(32) NOT NULL, '
            . 'event_type VARCHAR(32) NOT NULL, '
            . 'event_id CHAR(36) NOT NULL, '
            . 'occurred_at CHAR(27) NOT NULL, '
            . 'event_json TEXT NOT NULL, '
            . "status VARCHAR(16) NOT NULL DEFAULT 'queued', "
            . 'queued_at CHAR(27) NOT NULL, '
            . 'attempts INT UNSIGNED NOT NULL DEFAULT 0, '
            . 'last_attempt_at CHAR(27) NULL, '
            . 'last_error TEXT NULL'
            . ')';
        return $driver === 'mysql' ? $sql . ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : $sql;
    }

    /** Appends an event behind everything already queued; returns the row id. */
    public function enqueue(int $serviceId, int $serverId, string $action, array $event, string $reason): int
    {
        $this->ensureTable();
        $this->run(
            'INSERT INTO ' . self::TABLE
                . ' (service_id, server_id, action, event_type, event_id, occurred_at, event_json, '
            . 'status, queued_at, attempts, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)',
            [
                $serviceId, $serverId, $action, $event['type'], $event['eventId'], $event['occurredAt'],
                EmaEventBuilder::toJson($event), self::QUEUED, ($this->now)(), $reason,
            ]
        );
        return (int) $this->pdo->lastInsertId();
    }

    /** Whether the service has rows, queued or failed: a new action must then go behind them. */
    public function holds(int $serviceId): bool
    {
        $this->ensureTable();
        return (bool) $this->run('SELECT 1 FROM ' . self::TABLE . ' WHERE service_id = ? LIMIT 1', [$serviceId])
            ->fetchColumn();
    }

    /** @return list<EmaOutboxRow> every row, oldest first */
    public function all(): array
    {
        return $this->rows('SELECT * FROM ' . self::TABLE . ' ORDER BY id', []);
    }

    /**
     * Every row, oldest first, read a page at a time: a page is in memory at once, never the whole
     * outbox.
     *
     * @return Generator<int, EmaOutboxRow>
     */
    public function oldestFirst(int $pageSize = 500): Generator
    {
        $pageSize = max(1, $pageSize);
        $afterId = 0;
        do {
            $page = $this->rows(
                'SELECT * FROM ' . self::TABLE . ' WHERE id > ? ORDER BY id LIMIT ' . $pageSize,
                [$afterId]
            );
            foreach ($page as $row) {
                $afterId = $row->id;
                yield $row;
            }
        } while (count($page) === $pageSize);
    }

    /** How many rows wait, queued or failed. */
    public function count(): int
    {
        $this->ensureTable();
        return (int) $this->run('SELECT COUNT(*) FROM ' . self::TABLE, [])->fetchColumn();
    }

    /**
     * What waits, for the operator's overview: rows by status and when the oldest was queued.
     *
     * @return array{queued: int, failed: int, oldestQueuedAt: ?string}
     */
    public function summary(): array
    {
        $this->ensureTable();
        $summary = ['queued' => 0, 'failed' => 0, 'oldestQueuedAt' => null];
        $rows = $this->run('SELECT status, COUNT(*) AS n, MIN(queued_at) AS oldest FROM ' . self::TABLE
            . ' GROUP BY status', [])->fetchAll(PDO::FETCH_ASSOC);
        foreach ($rows as $row) {
            $status = $row['status'] === self::FAILED ? 'failed' : 'queued';
            $summary[$status] += (int) $row['n'];
            $oldest = (string) $row['oldest'];
            if ($summary['oldestQueuedAt'] === null || strcmp($oldest, $summary['oldestQueuedAt']) < 0) {
                $summary['oldestQueuedAt'] = $oldest;
            }
        }
        return $summary;
    }

    /** The lock that keeps two cron runs from delivering this outbox at the same time. */
    public function lock(): EmaOutboxLock
    {
        return new EmaOutboxLock($this->pdo);
    }

    /** @return list<EmaOutboxRow> the service's rows, oldest first */
    public function ofService(int $serviceId): array
    {
        return $this->rows('SELECT * FROM ' . self::TABLE . ' WHERE service_id = ? ORDER BY id', [$serviceId]);
    }

    public function delete(int $id): void
    {
        $this->ensureTable();
        $this->run('DELETE FROM ' . self::TABLE . ' WHERE id = ?', [$id]);
    }

    /** A failed attempt that the next cron run tries again. */
    public function attemptFailed(int $id, string $error): void
    {
        $this->mark($id, self::QUEUED, $error);
    }

    /** The gateway refused the event for good: kept, not sent again until the admin says so. */
    public function refused(int $id, string $error): void
    {
        $this->mark($id, self::FAILED, $error);
    }

    /** The admin's "retry": failed rows of the service are queued again; returns how many. */
    public function requeueFailed(int $serviceId): int
    {
        $this->ensureTable();
        return $this->run(
            'UPDATE ' . self::TABLE . ' SET status = ? WHERE service_id = ? AND status = ?',
            [self::QUEUED, $serviceId, self::FAILED]
        )->rowCount();
    }

    /** The admin's "discard": failed rows of the service are deleted; returns how many. */
    public function discardFailed(int $serviceId): int
    {
        $this->ensureTable();
        return $this->run(
            'DELETE FROM ' . self::TABLE . ' WHERE service_id = ? AND status = ?',
            [$serviceId, self::FAILED]
        )->rowCount();
    }

    private function mark(int $id, string $status, string $error): void
    {
        $this->ensureTable();
        $this->run(
            'UPDATE ' . self::TABLE
                . ' SET status = ?, attempts = attempts + 1, last_attempt_at = ?, last_error = ? WHERE id = ?',
            [$status, ($this->now)(), $error, $id]
        );
    }

    /** @return list<EmaOutboxRow> */
    private function rows(string $sql, array $values): array
    {
        $this->ensureTable();
        $rows = [];
        foreach ($this->run($sql, $values)->fetchAll(PDO::FETCH_ASSOC) as $row) {
            $event = json_decode((string) $row['event_json'], true);
            $rows[] = new EmaOutboxRow(
                (int) $row['id'],
                (int) $row['service_id'],
                (int) $row['server_id'],
                (string) $row['action'],
                is_array($event) ? $event : [],
                (string) $row['status'],
                (string) $row['queued_at'],
                (int) $row['attempts'],
                $row['last_attempt_at'],
                $row['last_error']
            );
        }
        return $rows;
    }

    private function ensureTable(): void
    {
        if ($this->tableReady) {
            return;
        }
        $driver = (string) $this->pdo->getAttribute(PDO::ATTR_DRIVER_NAME);
        // Checked first: DDL on MySQL commits any transaction WHMCS may have open.
        $exists = $driver === 'sqlite'
            ? $this->run("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [self::TABLE])
            : $this->run(
                'SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
                [self::TABLE]
            );
        if ((int) $exists->fetchColumn() === 0) {
            $this->run(self::createTableSql($driver), []);
            $this->run('CREATE INDEX ' . self::TABLE . '_service ON ' . self::TABLE . ' (service_id, id)', []);
        }
        $this->tableReady = true;
    }

    private function run(string $sql, array $values): PDOStatement
    {
        $statement = $this->pdo->prepare($sql);
        if ($statement === false || $statement->execute($values) === false) {
            $info = $statement === false ? $this->pdo->errorInfo() : $statement->errorInfo();
            throw new RuntimeException('Database error on ' . self::TABLE . ': ' . ($info[2] ?? 'unknown'));
        }
        return $statement;
    }
}
