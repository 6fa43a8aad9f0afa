<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * The event store as a table in WHMCS's own database, reached through the PDO connection of
 * WHMCS's Capsule (Laravel) database layer in production; tests hand it an SQLite connection.
 *
 * The table is created on first use (server modules have no activation step). Its existence is
 * checked before creating it because DDL on MySQL commits any transaction WHMCS may have open.
 */
final class EmaPdoEventStore implements EmaEventStore
{
    public const TABLE = 'mod_easymailarchive_events';

    private const COLUMNS = [
        'service_id', 'pending_type', 'pending_event_id', 'pending_occurred_at',
        'last_type', 'last_event_id', 'last_occurred_at', 'last_attempt_at', 'last_outcome', 'last_detail',
        'attempts',
    ];

    private bool $tableReady = false;

    public function __construct(private readonly PDO $pdo)
    {
    }

    /** The store on WHMCS's database connection. */
    public static function fromCapsule(): self
    {
        if (!class_exists('\WHMCS\Database\Capsule')) {
            throw new EmaModuleException('The WHMCS database layer is not available');
        }
        return new self(\WHMCS\Database\Capsule::connection()->getPdo());
    }

    public static function createTableSql(string $driver): string
    {
        $sql = 'CREATE TABLE ' . self::TABLE . ' ('
            . 'service_id BIGINT UNSIGNED NOT NULL PRIMARY KEY, '
            . 'pending_type VARCHAR(32) NULL, '
            . 'pending_event_id CHAR(36) NULL, '
            . 'pending_occurred_at CHAR(27) NULL, '
            . 'last_type VARCHAR(32) NULL, '
            . 'last_event_id CHAR(36) NULL, '
            . 'last_occurred_at CHAR(27) NULL, '
            . 'last_attempt_at CHAR(27) NULL, '
            . 'last_outcome VARCHAR(16) NULL, '
            . 'last_detail TEXT NULL, '
            . 'attempts INT UNSIGNED NOT NULL DEFAULT 0'
            . ')';
        return $driver === 'mysql' ? $sql . ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : $sql;
    }

    public function find(int $serviceId): ?EmaServiceEvents
    {
        $this->ensureTable();
        $row = $this->run('SELECT * FROM ' . self::TABLE . ' WHERE service_id = ?', [$serviceId])
            ->fetch(PDO::FETCH_ASSOC);
        if (!is_array($row)) {
            return null;
        }
        return new EmaServiceEvents(
            (int) $row['service_id'],
            $row['pending_type'],
            $row['pending_event_id'],
            $row['pending_occurred_at'],
            $row['last_type'],
            $row['last_event_id'],
            $row['last_occurred_at'],
            $row['last_attempt_at'],
            $row['last_outcome'],
            $row['last_detail'],
            (int) $row['attempts']
        );
    }

    public function save(EmaServiceEvents $state): void
    {
        $this->ensureTable();
        $values = [
            $state->pendingType, $state->pendingEventId, $state->pendingOccurredAt,
            $state->lastType, $state->lastEventId, $state->lastOccurredAt, $state->lastAttemptAt,
            $state->lastOutcome, $state->lastDetail, $state->attempts,
        ];
        $exists = $this->run('SELECT 1 FROM ' . self::TABLE . ' WHERE service_id = ?', [$state->serviceId])
            ->fetchColumn();
        if ($exists) {
            $assignments = implode(', ', array_map(
                static fn (string $c) => $c . ' = ?',
                array_slice(self::COLUMNS, 1)
            ));
            $this->run(
                'UPDATE ' . self::TABLE . ' SET ' . $assignments . ' WHERE service_id = ?',
                array_merge($values, [$state->serviceId])
            );
        } else {
            $this->run(
                'INSERT INTO ' . self::TABLE . ' (' . implode(', ', self::COLUMNS) . ') VALUES ('
                . implode(', ', array_fill(0, count(self::COLUMNS), '?')) . ')',
                array_merge([$state->serviceId], $values)
            );
        }
    }

    private function ensureTable(): void
    {
        if ($this->tableReady) {
            return;
        }
        $driver = (string) $this->pdo->getAttribute(PDO::ATTR_DRIVER_NAME);
        $exists = $driver === 'sqlite'
            ? $this->run("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [self::TABLE])
            : $this->run(
                'SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
                [self::TABLE]
            );
        if ((int) $exists->fetchColumn() === 0) {
            $this->run(self::createTableSql($driver), []);
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
