<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * What the provisioning worker reported about a service, read from WHMCS's own Activity Log
 * (tblactivitylog: id, date, description, user, userid, ipaddr) and support tickets (tbltickets).
 *
 * The worker writes these lines through WHMCS's LogActivity API:
 *   Easy Mail Archive: service #<id> failed (<reason_code>): <plain words>. Replay once fixed: <command>[ Ticket #<tid>.]
 *   Easy Mail Archive: service #<id> recovered: <what was applied>; the failure (<reason_code>) is resolved
 */
final class EmaActivityLog
{
    public const TABLE = 'tblactivitylog';
    public const TICKETS = 'tbltickets';

    /**
     * How many of the newest log lines are searched. The description is matched with LIKE 'prefix%',
     * which no index of WHMCS's serves: bounded, a busy log (millions of lines) costs the service
     * page a short primary-key range scan rather than a full table scan.
     */
    public const SCAN_ROWS = 100000;

    public function __construct(private readonly PDO $pdo)
    {
    }

    public static function fromCapsule(): self
    {
        if (!class_exists('\WHMCS\Database\Capsule')) {
            throw new EmaModuleException('The WHMCS database layer is not available');
        }
        return new self(\WHMCS\Database\Capsule::connection()->getPdo());
    }

    /** "Easy Mail Archive: service #12 " — the space keeps #12 from matching #123. */
    public static function prefix(int $serviceId): string
    {
        return 'Easy Mail Archive: service #' . $serviceId . ' ';
    }

    /** The newest line about the service among the last SCAN_ROWS of the log, or null. */
    public function newest(int $serviceId): ?EmaServiceReport
    {
        $newestId = (int) $this->run('SELECT MAX(id) FROM ' . self::TABLE, [])->fetchColumn();
        $prefix = self::prefix($serviceId);
        // The prefix holds no LIKE wildcard (% or _): only digits, letters, spaces, ':' and '#'.
        $row = $this->run(
            'SELECT id, date, description FROM ' . self::TABLE . ' WHERE id > ? AND description LIKE ? ORDER BY id DESC LIMIT 1',
            [$newestId - self::SCAN_ROWS, $prefix . '%']
        )->fetch(PDO::FETCH_ASSOC);
        if (!is_array($row) || !str_starts_with((string) $row['description'], $prefix)) {
            // LIKE ignores case in MySQL; the worker's lines have exactly this case.
            return null;
        }
        return EmaServiceReport::parse((string) $row['date'], (string) $row['description']);
    }

    /**
     * The ticket with the number shown to people (tbltickets.tid, not its id).
     *
     * @return array{id: int, status: string}|null
     */
    public function ticket(string $tid): ?array
    {
        $row = $this->run('SELECT id, status FROM ' . self::TICKETS . ' WHERE tid = ? ORDER BY id DESC LIMIT 1', [$tid])
            ->fetch(PDO::FETCH_ASSOC);
        return is_array($row) ? ['id' => (int) $row['id'], 'status' => (string) $row['status']] : null;
    }

    private function run(string $sql, array $values): PDOStatement
    {
        $statement = $this->pdo->prepare($sql);
        if ($statement === false || $statement->execute($values) === false) {
            $info = $statement === false ? $this->pdo->errorInfo() : $statement->errorInfo();
            throw new RuntimeException('Database error reading ' . (str_contains($sql, self::TICKETS) ? self::TICKETS : self::TABLE)
                . ': ' . ($info[2] ?? 'unknown'));
        }
        return $statement;
    }
}

/** One Activity Log line of the worker about a service, taken apart. */
final class EmaServiceReport
{
    public const FAILURE = 'failure';
    public const RECOVERY = 'recovery';
    /** Starts like the worker's lines but is not in either format: shown as it is. */
    public const UNRECOGNISED = 'unrecognised';

    private const FAILURE_FORMAT = '/\AEasy Mail Archive: service #\d+ failed \(([^()\s]+)\): (.+?)\. Replay once fixed: (.+?)(?: Ticket #([^\s.]+)\.)?\z/s';
    private const RECOVERY_FORMAT = '/\AEasy Mail Archive: service #\d+ recovered: (.+); the failure \(([^()\s]+)\) is resolved\.?\z/s';

    private function __construct(
        public readonly string $kind,
        /** tblactivitylog.date, in WHMCS's time zone */
        public readonly string $at,
        public readonly string $line,
        public readonly ?string $reasonCode = null,
        /** failure: the plain words; recovery: what was applied */
        public readonly ?string $text = null,
        public readonly ?string $replayCommand = null,
        public readonly ?string $ticket = null
    ) {
    }

    public static function parse(string $at, string $line): self
    {
        $line = trim($line);
        if (preg_match(self::FAILURE_FORMAT, $line, $m)) {
            return new self(self::FAILURE, $at, $line, $m[1], $m[2] . '.', $m[3], ($m[4] ?? '') !== '' ? $m[4] : null);
        }
        if (preg_match(self::RECOVERY_FORMAT, $line, $m)) {
            return new self(self::RECOVERY, $at, $line, $m[2], $m[1]);
        }
        return new self(self::UNRECOGNISED, $at, $line);
    }
}
