<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * Keeps two WHMCS cron runs from delivering the outbox at the same time: overlapping runs would
 * send the same rows twice. Taken without waiting: a run that finds it held leaves the outbox to
 * the run that holds it.
 *
 * On MySQL/MariaDB it is a named lock of the database server (GET_LOCK), which the server
 * releases as soon as the holder's connection ends, even when the cron process died. Where
 * GET_LOCK is missing (another database, or the tests' SQLite) it is a row in the table
 * mod_easymailarchive_locks with a lease: the holder renews the lease while it works, and a
 * holder that died without releasing the lock blocks later runs only until its lease expires.
 */
final class EmaOutboxLock
{
    public const TABLE = 'mod_easymailarchive_locks';

    public const NAME = 'outbox';

    /** How long a run that stops renewing (it crashed) keeps the lock from the next runs. */
    public const LEASE_SECONDS = 300;

    /** At most 64 characters, as MySQL wants; per database, so that two WHMCS on one server do not meet. */
    private const NAMED_LOCK = "CONCAT('easymailarchive_outbox:', LEFT(COALESCE(DATABASE(), ''), 40))";

    /** @var callable(): int */
    private $clock;

    private bool $named = false;

    private ?string $owner = null;

    private int $leasedUntil = 0;

    private bool $tableReady = false;

    /** @param callable(): int|null $clock Unix seconds */
    public function __construct(
        private readonly PDO $pdo,
        private readonly int $leaseSeconds = self::LEASE_SECONDS,
        ?callable $clock = null
    ) {
        $this->clock = $clock ?? static fn (): int => time();
    }

    public static function fromCapsule(): self
    {
        if (!class_exists('\WHMCS\Database\Capsule')) {
            throw new EmaModuleException('The WHMCS database layer is not available');
        }
        return new self(\WHMCS\Database\Capsule::connection()->getPdo());
    }

    /** Takes the lock if it is free (or its holder's lease expired); false when another run holds it. */
    public function acquire(): bool
    {
        if ($this->held()) {
            return true;
        }
        if ((string) $this->pdo->getAttribute(PDO::ATTR_DRIVER_NAME) === 'mysql') {
            $named = $this->namedLock();
            if ($named !== null) {
                $this->named = $named;
                return $named;
            }
        }
        return $this->leaseRow();
    }

    /**
     * Keeps the lease while the run works (a named lock needs nothing): called before each row, it
     * writes only when half the lease has passed. False when the lock is no longer this run's: its
     * lease expired and another run took it, so this run must stop sending.
     */
    public function renew(): bool
    {
        if ($this->named) {
            return true;
        }
        if ($this->owner === null) {
            return false;
        }
        $now = ($this->clock)();
        if ($this->leasedUntil - $now > intdiv($this->leaseSeconds, 2)) {
            return true;
        }
        $until = $now + $this->leaseSeconds;
        $renewed = $this->run(
            'UPDATE ' . self::TABLE . ' SET locked_until = ? WHERE name = ? AND owner = ?',
            [$until, self::NAME, $this->owner]
        )->rowCount() === 1;
        if ($renewed) {
            $this->leasedUntil = $until;
        } else {
            $this->owner = null;
        }
        return $renewed;
    }

    /** Gives the lock back; nothing when this run does not hold it. */
    public function release(): void
    {
        if ($this->named) {
            $this->named = false;
            $this->pdo->query('SELECT RELEASE_LOCK(' . self::NAMED_LOCK . ')');
        } elseif ($this->owner !== null) {
            $owner = $this->owner;
            $this->owner = null;
            $this->run('DELETE FROM ' . self::TABLE . ' WHERE name = ? AND owner = ?', [self::NAME, $owner]);
        }
    }

    public function held(): bool
    {
        return $this->named || $this->owner !== null;
    }

    public static function createTableSql(string $driver): string
    {
        $sql = 'CREATE TABLE IF NOT EXISTS ' . self::TABLE . ' ('
            . 'name VARCHAR(64) NOT NULL PRIMARY KEY, '
            . 'owner CHAR(32) NOT NULL, '
            . 'locked_until BIGINT NOT NULL'
            . ')';
        return $driver === 'mysql' ? $sql . ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : $sql;
    }

    /** @return bool|null whether GET_LOCK gave the lock; null when the server offers no GET_LOCK */
    private function namedLock(): ?bool
    {
        try {
            $statement = $this->pdo->query('SELECT GET_LOCK(' . self::NAMED_LOCK . ', 0)');
            $got = $statement === false ? null : $statement->fetchColumn();
        } catch (PDOException $e) {
            return null;
        }
        if ($got === null || $got === false) {
            return null;
        }
        return (int) $got === 1;
    }

    /**
     * One atomic statement each: take over a lease that expired, or else insert the lock row. When
     * two runs race for a free lock, the primary key lets one insert succeed.
     */
    private function leaseRow(): bool
    {
        $this->ensureTable();
        $owner = bin2hex(random_bytes(16));
        $now = ($this->clock)();
        $until = $now + $this->leaseSeconds;
        $taken = $this->run(
            'UPDATE ' . self::TABLE . ' SET owner = ?, locked_until = ? WHERE name = ? AND locked_until < ?',
            [$owner, $until, self::NAME, $now]
        )->rowCount() === 1;
        if (!$taken) {
            $taken = $this->insertRow($owner, $until);
        }
        if ($taken) {
            $this->owner = $owner;
            $this->leasedUntil = $until;
        }
        return $taken;
    }

    private function insertRow(string $owner, int $until): bool
    {
        $sql = 'INSERT INTO ' . self::TABLE . ' (name, owner, locked_until) VALUES (?, ?, ?)';
        try {
            $statement = $this->pdo->prepare($sql);
            if ($statement !== false && $statement->execute([self::NAME, $owner, $until])) {
                return true;
            }
            $state = $statement === false ? $this->pdo->errorCode() : $statement->errorCode();
        } catch (PDOException $e) {
            $state = (string) $e->getCode();
        }
        // 23000: the row exists, another run holds the lock
        if ($state === '23000') {
            return false;
        }
        throw new RuntimeException('Database error on ' . self::TABLE . ': SQLSTATE ' . $state);
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
